import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { relays, relayTrafficSamples, rentals } from "@/db/schema";
import { counterDelta } from "./delta";
import type { AccountingState, Reading, SampleTarget } from "./read-relay";

/**
 * Writes readings in one transaction: per relay a raw sample (both deltas, both totals, whether a counter
 * reset), its hour's rollup, the derper delta added to the rental's traffic used, and the new baselines.
 *
 * Exactness: the relay rows are locked (FOR UPDATE, in id order, then the rentals in id order, so two writers
 * never deadlock) and each must still be in the accounting state it was in when its reading began. If anything
 * changed it meanwhile (a final sample before a stop, a restart, another cycle) the reading is dropped: counted
 * against the new baseline it could count bytes twice, and dropping loses nothing because the counters keep
 * their totals for the next reading. Only a running relay's reading is written; a final sample passes
 * `allowStates` to read one that is being stopped.
 */

export type ReadingOf = { target: SampleTarget; reading: Extract<Reading, { ok: true }> };

export type WriteResult = { written: number; raced: number; derpBytes: number; dockerBytes: number; rentalIds: string[] };

export async function writeSamples(db: DbOrTx, readings: ReadingOf[], at: Date, allowStates: readonly string[] = ["running"]): Promise<WriteResult> {
  const result: WriteResult = { written: 0, raced: 0, derpBytes: 0, dockerBytes: 0, rentalIds: [] };
  if (readings.length === 0) return result;
  return db.transaction(async (tx) => {
    const ids = readings.map((r) => r.target.relayId).sort();
    const locked = await tx
      .select({
        id: relays.id,
        state: relays.state,
        startedAt: relays.startedAt,
        lastDerpBytes: relays.lastDerpBytes,
        lastDockerBytes: relays.lastDockerBytes,
        lastSampledAt: relays.lastSampledAt,
        rentalId: relays.rentalId,
      })
      .from(relays)
      .where(inArray(relays.id, ids))
      .orderBy(relays.id)
      .for("update");
    const byId = new Map(locked.map((r) => [r.id, r]));

    const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
    const samples: (typeof relayTrafficSamples.$inferInsert)[] = [];
    const baselines: { id: string; derp: number; docker: number | null }[] = [];
    const perRental = new Map<string, number>();
    for (const { target, reading } of readings) {
      const row = byId.get(target.relayId);
      if (!row || !allowStates.includes(row.state) || !sameState(row, target.seen)) {
        result.raced++;
        continue;
      }
      const derp = counterDelta(row.lastDerpBytes, reading.derp);
      const docker = reading.docker === null ? null : counterDelta(row.lastDockerBytes, reading.docker);
      samples.push({
        relayId: target.relayId,
        rentalId: row.rentalId,
        serverId: target.serverId,
        at,
        derpBytes: derp.delta,
        dockerBytes: docker?.delta ?? null,
        derpTotal: reading.derp,
        dockerTotal: reading.docker,
        counterReset: derp.reset || (docker?.reset ?? false),
      });
      // A failed Docker reading keeps its old baseline, so the next one covers the gap.
      baselines.push({ id: target.relayId, derp: reading.derp, docker: reading.docker ?? row.lastDockerBytes });
      if (row.rentalId && derp.delta > 0) perRental.set(row.rentalId, (perRental.get(row.rentalId) ?? 0) + derp.delta);
      result.written++;
      result.derpBytes += derp.delta;
      result.dockerBytes += docker?.delta ?? 0;
    }
    if (samples.length === 0) return result;

    await tx.insert(relayTrafficSamples).values(samples);
    const regionOf = new Map(readings.map((r) => [r.target.relayId, r.target.regionId]));
    const hourly = samples.map(
      (s) =>
        sql`(${s.relayId}::uuid, ${hour.toISOString()}::timestamptz, ${s.rentalId ?? null}::uuid, ${s.serverId}::uuid, ${regionOf.get(s.relayId)}::uuid, ${s.derpBytes}::bigint, ${s.dockerBytes ?? 0}::bigint)`,
    );
    await tx.execute(sql`
      insert into relay_traffic_hourly (relay_id, hour, rental_id, server_id, region_id, derp_bytes, docker_bytes)
      values ${sql.join(hourly, sql`, `)}
      on conflict (relay_id, hour) do update set
        derp_bytes = relay_traffic_hourly.derp_bytes + excluded.derp_bytes,
        docker_bytes = relay_traffic_hourly.docker_bytes + excluded.docker_bytes,
        rental_id = excluded.rental_id`);

    const rentalIds = [...perRental.keys()].sort();
    if (rentalIds.length) {
      await tx.select({ id: rentals.id }).from(rentals).where(inArray(rentals.id, rentalIds)).orderBy(rentals.id).for("update");
      const values = rentalIds.map((id) => sql`(${id}::uuid, ${perRental.get(id)!}::bigint)`);
      await tx.execute(sql`
        update rentals set traffic_used_bytes = rentals.traffic_used_bytes + v.bytes, updated_at = ${at.toISOString()}::timestamptz
        from (values ${sql.join(values, sql`, `)}) as v(id, bytes)
        where rentals.id = v.id`);
    }
    const values = baselines.map((b) => sql`(${b.id}::uuid, ${b.derp}::bigint, ${b.docker}::bigint)`);
    await tx.execute(sql`
      update relays set last_derp_bytes = v.derp, last_docker_bytes = v.docker, last_sampled_at = ${at.toISOString()}::timestamptz
      from (values ${sql.join(values, sql`, `)}) as v(id, derp, docker)
      where relays.id = v.id`);
    result.rentalIds = rentalIds;
    return result;
  });
}

function sameState(row: AccountingState, seen: AccountingState): boolean {
  return (
    row.state === seen.state &&
    time(row.startedAt) === time(seen.startedAt) &&
    row.lastDerpBytes === seen.lastDerpBytes &&
    row.lastDockerBytes === seen.lastDockerBytes &&
    time(row.lastSampledAt) === time(seen.lastSampledAt)
  );
}

function time(d: Date | null): number | null {
  return d ? d.getTime() : null;
}

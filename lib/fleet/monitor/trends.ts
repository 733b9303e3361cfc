import { and, eq, gte, lt } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type DbOrTx } from "@/db/client";
import { probeRollups, servers, type ProbeKind } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now as clockNow } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { TREND_RANGES, type LatencyPoint, type LoadPoint, type ServerTrends, type TrendRange } from "./trend-types";

/**
 * A server's trend series for the charts and `GET /api/server/<id>/latency?range=`: latency per probe kind and
 * load, over a fixed number of buckets ending with the current one (partial). Every bucket is present; a
 * bucket without samples has `samples: 0` and null values, so charts show gaps rather than invented zeros.
 *
 * | range | bucket | latency from            | points |
 * |-------|--------|-------------------------|--------|
 * | 1h    | 1 min  | raw samples             | 60     |
 * | 24h   | 1 h    | hourly rollups          | 24     |
 * | 7d    | 1 h    | hourly rollups          | 168    |
 * | 30d   | 1 day  | daily rollups (UTC days)| 30     |
 */

export { TREND_RANGES } from "./trend-types";
export type { LatencyPoint, LoadPoint, ServerTrends, TrendRange } from "./trend-types";

export const trendQuery = z.object({ range: z.enum(TREND_RANGES).default("24h") });

const RANGES: Record<TrendRange, { bucketSeconds: number; points: number; source: "raw" | "hour" | "day" }> = {
  "1h": { bucketSeconds: 60, points: 60, source: "raw" },
  "24h": { bucketSeconds: 3_600, points: 24, source: "hour" },
  "7d": { bucketSeconds: 3_600, points: 168, source: "hour" },
  "30d": { bucketSeconds: 86_400, points: 30, source: "day" },
};

export async function getServerTrends(db: DbOrTx, actor: SessionUser, serverId: string, range: TrendRange): Promise<ServerTrends> {
  assertAdmin(actor);
  const [server] = await db.select({ id: servers.id }).from(servers).where(eq(servers.id, serverId));
  if (!server) throw notFound("server_unknown");

  const { bucketSeconds, points, source } = RANGES[range];
  const size = bucketSeconds * 1000;
  const first = Math.floor(clockNow().getTime() / size) * size - (points - 1) * size;
  const from = new Date(first);
  const to = new Date(first + points * size);
  const buckets = Array.from({ length: points }, (_, i) => first + i * size);

  const latency = source === "raw" ? await rawLatency(db, serverId, from, to, bucketSeconds) : await rolledLatency(db, serverId, source, from, to);
  const load = await loadSeries(db, serverId, from, to, bucketSeconds);

  const series = (kind: ProbeKind) =>
    buckets.map((b) => latency.get(`${kind}:${b}`) ?? emptyLatency(b));
  return {
    range,
    bucketSeconds,
    from: from.toISOString(),
    to: to.toISOString(),
    https: series("https"),
    stun: series("stun"),
    load: buckets.map((b) => load.get(b) ?? emptyLoad(b)),
  };
}

type LatencyRow = {
  kind: ProbeKind;
  b: string | number;
  samples: number;
  failures: number;
  min_ms: number | null;
  avg_ms: number | null;
  p95_ms: number | null;
  max_ms: number | null;
};

async function rawLatency(db: DbOrTx, serverId: string, from: Date, to: Date, bucketSeconds: number): Promise<Map<string, LatencyPoint>> {
  const rows = await queryRows<LatencyRow>(
    db,
    sql`
      select kind,
             (floor(extract(epoch from at) / ${bucketSeconds}) * ${bucketSeconds})::bigint as b,
             count(*)::int as samples,
             (count(*) filter (where not ok))::int as failures,
             min(rtt_ms) filter (where ok and rtt_ms is not null) as min_ms,
             avg(rtt_ms) filter (where ok and rtt_ms is not null) as avg_ms,
             percentile_cont(0.95) within group (order by rtt_ms) filter (where ok and rtt_ms is not null) as p95_ms,
             max(rtt_ms) filter (where ok and rtt_ms is not null) as max_ms
        from probe_samples
       where server_id = ${serverId} and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
       group by kind, 2`,
  );
  return new Map(rows.map((r) => [`${r.kind}:${Number(r.b) * 1000}`, toLatencyPoint(Number(r.b) * 1000, r)]));
}

async function rolledLatency(db: DbOrTx, serverId: string, granularity: "hour" | "day", from: Date, to: Date): Promise<Map<string, LatencyPoint>> {
  const rows = await db
    .select()
    .from(probeRollups)
    .where(
      and(
        eq(probeRollups.serverId, serverId),
        eq(probeRollups.granularity, granularity),
        gte(probeRollups.bucketStart, from),
        lt(probeRollups.bucketStart, to),
      ),
    );
  return new Map(
    rows.map((r) => {
      const b = r.bucketStart.getTime();
      return [
        `${r.kind}:${b}`,
        toLatencyPoint(b, { samples: r.samples, failures: r.failures, min_ms: r.minMs, avg_ms: r.avgMs, p95_ms: r.p95Ms, max_ms: r.maxMs }),
      ];
    }),
  );
}

async function loadSeries(db: DbOrTx, serverId: string, from: Date, to: Date, bucketSeconds: number): Promise<Map<number, LoadPoint>> {
  const rows = await queryRows<{
    b: string | number;
    samples: number;
    relays_running: number | string | null;
    capacity: number | null;
    cpu: number | string | null;
    memory: number | string | null;
    host_cpus: number | null;
    host_memory: number | string | null;
    down: number;
  }>(
    db,
    sql`
      select (floor(extract(epoch from at) / ${bucketSeconds}) * ${bucketSeconds})::bigint as b,
             count(*)::int as samples,
             avg(relays_running)::float8 as relays_running,
             max(capacity) as capacity,
             avg(relay_cpu_percent)::float8 as cpu,
             avg(relay_memory_bytes)::float8 as memory,
             max(host_cpus) as host_cpus,
             max(host_memory_bytes)::float8 as host_memory,
             (count(*) filter (where status = 'down'))::int as down
        from server_load_samples
       where server_id = ${serverId} and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
       group by 1`,
  );
  return new Map(
    rows.map((r) => {
      const b = Number(r.b) * 1000;
      return [
        b,
        {
          t: new Date(b).toISOString(),
          samples: Number(r.samples),
          relaysRunning: num(r.relays_running, 2),
          capacity: num(r.capacity, 0),
          cpuPercent: num(r.cpu, 2),
          memoryBytes: num(r.memory, 0),
          hostCpus: num(r.host_cpus, 0),
          hostMemoryBytes: num(r.host_memory, 0),
          downChecks: Number(r.down),
        },
      ];
    }),
  );
}

function toLatencyPoint(b: number, r: Omit<LatencyRow, "kind" | "b">): LatencyPoint {
  const samples = Number(r.samples);
  const failures = Number(r.failures);
  return {
    t: new Date(b).toISOString(),
    samples,
    failures,
    loss: samples ? Math.round((failures / samples) * 10_000) / 10_000 : null,
    minMs: num(r.min_ms, 2),
    avgMs: num(r.avg_ms, 2),
    p95Ms: num(r.p95_ms, 2),
    maxMs: num(r.max_ms, 2),
  };
}

function emptyLatency(b: number): LatencyPoint {
  return { t: new Date(b).toISOString(), samples: 0, failures: 0, loss: null, minMs: null, avgMs: null, p95Ms: null, maxMs: null };
}

function emptyLoad(b: number): LoadPoint {
  return {
    t: new Date(b).toISOString(),
    samples: 0,
    relaysRunning: null,
    capacity: null,
    cpuPercent: null,
    memoryBytes: null,
    hostCpus: null,
    hostMemoryBytes: null,
    downChecks: 0,
  };
}

function num(value: number | string | null | undefined, digits: number): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return null;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { regions, type Region } from "@/db/schema";
import { assertAdmin, auditActor } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";
import { now } from "@/lib/clock";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { writeAudit, type RequestMeta } from "@/lib/logs/audit-log";
import { countRegionReferences, isReferenced, type RegionReferences } from "./region-references";
import type { RegionInput, RegionPatch } from "./schemas";

/** Admins only. A code another region has is a 409 on the `code` field. */
export async function createRegion(db: DbOrTx, actor: SessionUser, input: RegionInput, meta?: RequestMeta): Promise<Region> {
  assertAdmin(actor);
  checkCoordinates(input);
  return uniqueCode(() =>
    db.transaction(async (tx) => {
      await assertCodeFree(tx, input.code);
      const at = now();
      const [region] = await tx.insert(regions).values({ ...input, createdAt: at, updatedAt: at }).returning();
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "region.create",
        target: { type: "region", id: region.id },
        meta,
        details: { ...input },
      });
      return region;
    }),
  );
}

/**
 * Admins only. Changes the fields given (activating and deactivating is a change of `active`). Latitude and
 * longitude are both set or both empty afterwards.
 */
export async function updateRegion(
  db: DbOrTx,
  actor: SessionUser,
  id: string,
  patch: RegionPatch,
  meta?: RequestMeta,
): Promise<Region> {
  assertAdmin(actor);
  return uniqueCode(() =>
    db.transaction(async (tx) => {
      const [current] = await tx.select().from(regions).where(eq(regions.id, id)).for("update");
      if (!current) throw notFound("region_unknown");
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as RegionPatch;
      checkCoordinates({ ...current, ...fields });
      if (fields.code && fields.code !== current.code) await assertCodeFree(tx, fields.code, id);
      const [region] = await tx
        .update(regions)
        .set({ ...fields, updatedAt: now() })
        .where(eq(regions.id, id))
        .returning();
      const before = changedFields(current, region);
      if (Object.keys(before).length > 0) {
        await writeAudit(tx, {
          actor: auditActor(actor),
          action: "region.update",
          target: { type: "region", id },
          meta,
          details: { code: region.code, before, after: changedFields(region, current) },
        });
      }
      return region;
    }),
  );
}

/**
 * Admins only. A region that rentals or servers refer to is not deleted: 409 region_in_use, and the admin
 * deactivates it instead, which keeps it on those rentals and servers and offers it to nobody new.
 */
export async function deleteRegion(db: DbOrTx, actor: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  assertAdmin(actor);
  try {
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(regions).where(eq(regions.id, id)).for("update");
      if (!current) throw notFound("region_unknown");
      const refs = await countRegionReferences(tx, id);
      if (isReferenced(refs)) throw inUse(refs);
      await tx.delete(regions).where(eq(regions.id, id));
      await writeAudit(tx, {
        actor: auditActor(actor),
        action: "region.delete",
        target: { type: "region", id },
        meta,
        details: { code: current.code, nameEn: current.nameEn, nameZh: current.nameZh },
      });
    });
  } catch (e) {
    // A rental or server that took the region between the count and the delete: the foreign key refuses.
    if (pgCode(e) === "23503") throw inUse(await countRegionReferences(db, id));
    throw e;
  }
}

function inUse(refs: RegionReferences): AppError {
  return new AppError(409, "region_in_use", undefined, { rentals: refs.rentals, servers: refs.servers });
}

async function assertCodeFree(tx: Tx, code: string, exceptId?: string): Promise<void> {
  const [taken] = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(exceptId ? and(eq(regions.code, code), ne(regions.id, exceptId)) : eq(regions.code, code));
  if (taken) throw codeTaken();
}

const codeTaken = () => new AppError(409, "region_code_taken", { code: ["region_code_taken"] });

/** The check above can race with another admin's insert; the unique index decides, with the same answer. */
async function uniqueCode<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (pgCode(e) === "23505") throw codeTaken();
    throw e;
  }
}

/** Drizzle wraps driver errors; the Postgres error code is on the error or on its cause. */
function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function checkCoordinates(r: { latitude?: number | null; longitude?: number | null }): void {
  const hasLat = r.latitude !== null && r.latitude !== undefined;
  const hasLon = r.longitude !== null && r.longitude !== undefined;
  if (hasLat && !hasLon) throw badRequest("validation", { longitude: ["region_coordinates_pair"] });
  if (hasLon && !hasLat) throw badRequest("validation", { latitude: ["region_coordinates_pair"] });
}

/** The fields of `a` that differ from `b`, for the audit entry. */
function changedFields(a: Region, b: Region): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(a) as (keyof Region)[]) {
    if (key === "updatedAt") continue;
    if (String(a[key]) !== String(b[key])) out[key] = a[key];
  }
  return out;
}

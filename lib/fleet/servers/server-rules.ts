import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { regions, servers, type Region } from "@/db/schema";
import { AppError, type FieldErrorInput } from "@/lib/errors";

/** A region by code for a server: unknown, or inactive for a new placement, is a field error on `region`. */
export async function regionForServer(db: DbOrTx, code: string, errors: FieldErrorInput): Promise<Region | null> {
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  if (!region) errors.region = ["region_unknown"];
  else if (!region.active) errors.region = ["region_inactive"];
  return region && region.active ? region : null;
}

const nameTaken = () => new AppError(409, "server_name_taken", { name: ["server_name_taken"] });

/** Names are unique without regard to case (servers_name_uq on lower(name)). */
export async function assertNameFree(db: DbOrTx, name: string, exceptId?: string): Promise<void> {
  const same = sql`lower(${servers.name}) = lower(${name})`;
  const [taken] = await db
    .select({ id: servers.id })
    .from(servers)
    .where(exceptId ? and(same, ne(servers.id, exceptId)) : same);
  if (taken) throw nameTaken();
}

/** The check above can race with another admin's insert; the unique index decides, with the same answer. */
export async function uniqueName<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (pgCode(e) === "23505" && pgConstraint(e) === "servers_name_uq") throw nameTaken();
    throw e;
  }
}

/** Drizzle wraps driver errors; the Postgres error fields are on the error or on its cause. */
export function pgCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

function pgConstraint(e: unknown): string | undefined {
  const err = e as { constraint_name?: unknown; constraint?: unknown; cause?: { constraint_name?: unknown; constraint?: unknown } } | null;
  const name = err?.constraint_name ?? err?.constraint ?? err?.cause?.constraint_name ?? err?.cause?.constraint;
  return typeof name === "string" ? name : undefined;
}

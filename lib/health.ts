import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { migrationStatus } from "@/db/migrate";
import { logger } from "@/lib/logger";

export interface Health {
  ok: boolean;
  body: { db: "ok" | "error"; migrations: "current" | "pending" | "unknown" };
}

export async function checkHealth(): Promise<Health> {
  try {
    const handle = await getDbHandle();
    await handle.db.execute(sql`select 1`);
    const migrations = await migrationStatus(handle);
    return { ok: migrations === "current", body: { db: "ok", migrations } };
  } catch (e) {
    logger.warn({ err: e }, "health check: database unavailable");
    return { ok: false, body: { db: "error", migrations: "unknown" } };
  }
}

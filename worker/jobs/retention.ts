import { lt } from "drizzle-orm";
import { systemLog } from "@/db/schema";
import { pruneSessions } from "@/lib/accounts/sessions";
import { DAY_MS } from "@/lib/clock";
import { env } from "@/lib/env";
import type { Job } from "../run-job";

/**
 * Deletes system-log rows older than LOG_RETENTION_DAYS, and session rows no cookie can name any more. The
 * audit log is kept: it is evidence.
 */
export const retention: Job = async ({ db, startedAt }) => {
  const cutoff = new Date(startedAt.getTime() - env().LOG_RETENTION_DAYS * DAY_MS);
  const deleted = await db.delete(systemLog).where(lt(systemLog.at, cutoff)).returning({ id: systemLog.id });
  const sessionsDeleted = await pruneSessions(db, startedAt);
  return { deleted: deleted.length, sessionsDeleted, cutoff: cutoff.toISOString() };
};

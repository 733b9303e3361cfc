import { after } from "next/server";
import { getDb } from "@/db/client";
import type { Db } from "@/db/client";
import { logger } from "@/lib/logger";
import { writeSystemLog } from "@/lib/logs/system-log";

/**
 * Container work a request sets off (allocating a relay, restarting relays) runs after the answer is sent: the
 * request does not wait for a container to start, and its outcome does not depend on it. Failures are logged,
 * never thrown; the worker's own jobs catch up with whatever was left. Outside a request (a test calling a
 * handler directly, a script) there is no "after the answer", and the work is left to the worker.
 */
export function afterResponse(what: string, context: Record<string, unknown>, work: (db: Db) => Promise<unknown>): void {
  const task = async () => {
    const db = await getDb();
    try {
      await work(db);
    } catch (error) {
      logger.warn({ err: error, ...context }, `${what} after the request failed`);
      await writeSystemLog(db, {
        level: "warn",
        source: "containers",
        message: `${what} right after the request failed; the worker catches up`,
        context: { ...context, error: error instanceof Error ? error.message : String(error) },
      }).catch((e: unknown) => logger.error({ err: e }, "could not write the system log"));
    }
  };
  try {
    after(task);
  } catch (error) {
    if (!(error instanceof Error && /outside a request scope/.test(error.message))) throw error;
    logger.debug(context, `no request scope: ${what} left to the worker`);
  }
}

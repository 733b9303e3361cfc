import { getDb } from "@/db/client";
import { logger } from "@/lib/logger";
import { writeSystemLog } from "./system-log";

/** The system-log source of answered 5xx requests, which the in-app "server errors" alert counts. */
export const SERVER_ERROR_SOURCE = "http";

/**
 * Stores one line per request answered with a 5xx, by route template (never the path: it may hold a token), so
 * operators without Prometheus see errors in /admin/logs and get the alert. Never awaited by the request and
 * never failing it: a row that cannot be stored (the database down, which has its own alert) is reported on
 * stdout.
 */
export function recordServerError(route: string, method: string, status: number): void {
  getDb()
    .then((db) =>
      writeSystemLog(db, { level: "error", source: SERVER_ERROR_SOURCE, message: `${method} ${route} answered ${status}`, context: { route, method, status } }),
    )
    .catch((e: unknown) => logger.error({ err: e, route }, "could not record a server error"));
}

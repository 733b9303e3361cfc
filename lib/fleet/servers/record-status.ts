import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { servers, type HostInfo, type Server, type ServerStatus } from "@/db/schema";
import { now } from "@/lib/clock";
import { writeSystemLog } from "@/lib/logs/system-log";

/**
 * Writes what a check of a server found: its status (with the time of the last change), the last error and, when
 * the engine answered, its host info. A change of status is written to the system log (source `fleet`).
 */
export async function recordServerCheck(
  db: DbOrTx,
  server: Pick<Server, "id" | "name" | "status">,
  /** `checked: false`: a reset (settings changed), not the result of a check. */
  found: { status: ServerStatus; error: string | null; hostInfo?: HostInfo; checked?: boolean },
): Promise<void> {
  const at = now();
  const changed = found.status !== server.status;
  await db
    .update(servers)
    .set({
      status: found.status,
      lastError: found.error,
      ...(found.checked === false ? {} : { lastCheckedAt: at }),
      ...(changed ? { statusChangedAt: at } : {}),
      ...(found.hostInfo ? { hostInfo: found.hostInfo } : {}),
    })
    .where(eq(servers.id, server.id));
  if (changed) {
    await writeSystemLog(db, {
      level: found.status === "down" ? "warn" : "info",
      source: "fleet",
      message: `server ${server.name} is ${found.status}${found.error ? `: ${found.error}` : ""} (was ${server.status})`,
      context: { serverId: server.id, from: server.status, to: found.status },
    });
  }
}

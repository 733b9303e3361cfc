import { and, eq, lte } from "drizzle-orm";
import { servers } from "@/db/schema";
import type { RuleFn } from "../types";

/** How long a server must have been down before it is an alert (a single failed check is not). */
export const SERVER_DOWN_AFTER_MS = 2 * 60_000;

/** An enabled server whose status has been `down` for more than two minutes (lib/fleet's health check sets it). */
export const serverDown: RuleFn = async ({ db, now }) => {
  const rows = await db
    .select({ id: servers.id, name: servers.name, since: servers.statusChangedAt, lastError: servers.lastError })
    .from(servers)
    .where(and(eq(servers.enabled, true), eq(servers.status, "down"), lte(servers.statusChangedAt, new Date(now.getTime() - SERVER_DOWN_AFTER_MS))));
  return rows.map((s) => ({
    rule: "server_down" as const,
    subject: s.id,
    details: { server: s.name, since: s.since?.toISOString() ?? null, error: s.lastError?.slice(0, 300) ?? null },
  }));
};

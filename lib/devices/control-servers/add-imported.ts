import { and, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { admissionRefusals, devices, type Device } from "@/db/schema";
import type { RequestMeta } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import { deviceLimitOf } from "../device-limit";
import type { ControlNode } from "./control-node";

/**
 * Inserts nodes of an account as devices of its owner, in the caller's transaction (which holds the
 * customer's device lock, lockDevicesOf): keys the customer already has are skipped, at most `room` are
 * added. Each added device gets the same audit and history entries as one added by hand. The caller
 * notifies admission once for the batch.
 */
export type ImportableNode = ControlNode & { nodeKey: string };

export async function roomForDevices(tx: DbOrTx, userId: string): Promise<{ limit: number | null; room: number }> {
  const limit = await deviceLimitOf(tx, userId);
  if (limit === null) return { limit, room: 0 };
  const [{ n }] = await tx.select({ n: count() }).from(devices).where(eq(devices.userId, userId));
  return { limit, room: Math.max(0, limit - n) };
}

export async function insertImported(
  tx: DbOrTx,
  owner: { id: string },
  accountId: string,
  nodes: ImportableNode[],
  actor: { id: string; email: string } | null,
  meta?: RequestMeta,
): Promise<Device[]> {
  if (nodes.length === 0) return [];
  const at = now();
  const rows = await tx
    .insert(devices)
    .values(nodes.map((n) => ({ userId: owner.id, name: n.name, nodeKey: n.nodeKey, source: "import" as const, controlAccountId: accountId, externalId: n.externalId, createdAt: at, updatedAt: at })))
    .onConflictDoNothing()
    .returning();
  if (rows.length === 0) return rows;
  // Keys that were pending are devices now: they leave the pending list (as in addDevice).
  await tx.delete(admissionRefusals).where(and(eq(admissionRefusals.userId, owner.id), inArray(admissionRefusals.nodeKey, rows.map((r) => r.nodeKey))));
  for (const row of rows) {
    await writeAudit(tx, {
      actor,
      action: "device.added",
      target: { type: "device", id: row.id },
      meta,
      details: { name: row.name, nodeKey: row.nodeKey, source: "import", controlAccountId: accountId, externalId: row.externalId },
    });
    await recordHistory(tx, owner.id, "device_added", { deviceId: row.id, name: row.name, nodeKey: row.nodeKey });
  }
  return rows;
}

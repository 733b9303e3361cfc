import { and, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { controlAccounts, devices, type ControlAccount } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { isAppError } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { logger } from "@/lib/logger";
import { writeAudit } from "@/lib/logs/audit-log";
import { notifyAdmissionChange } from "../admission-invalidation";
import { lockDevicesOf } from "../device-limit";
import { fetchNodes, ownAccount } from "./accounts";
import type { ControlNode } from "./control-node";
import { insertImported, roomForDevices, type ImportableNode } from "./add-imported";
import { cutOffRemovedDevices } from "@/lib/containers/cut-off-removed-devices";

/**
 * Periodic sync of one account: nodes new on the server become devices (within the device limit), devices
 * imported from this account whose node was deleted there are removed, and a node whose key rotated (a
 * re-login) gets its device's key updated. Only devices imported from this very account are ever changed or
 * removed; ones added by hand or from another account are not. When the server cannot be read, nothing
 * changes (an outage must not look like "every node was deleted"); the error is kept on the account.
 */
export interface SyncResult {
  added: number;
  removed: number;
  rekeyed: number;
  error: string | null;
}

export async function syncAccount(db: Db, account: ControlAccount, actor: { id: string; email: string } | null = null, meta?: RequestMeta): Promise<SyncResult> {
  let nodes: ControlNode[];
  try {
    nodes = await fetchNodes(account);
  } catch (e) {
    if (!isAppError(e)) throw e;
    await db.update(controlAccounts).set({ lastError: e.code, updatedAt: now() }).where(eq(controlAccounts.id, account.id));
    return { added: 0, removed: 0, rekeyed: 0, error: e.code };
  }
  return db.transaction(async (tx) => {
    // The account may have been disconnected meanwhile: then there is nothing to sync.
    const [still] = await tx.select({ id: controlAccounts.id }).from(controlAccounts).where(eq(controlAccounts.id, account.id)).for("update");
    if (!still) return { added: 0, removed: 0, rekeyed: 0, error: null };
    await lockDevicesOf(tx, account.userId);
    const result = await applyNodes(tx, account, nodes, actor, meta);
    await tx.update(controlAccounts).set({ lastSyncAt: now(), lastError: result.error, updatedAt: now() }).where(eq(controlAccounts.id, account.id));
    if (result.added + result.removed + result.rekeyed > 0) await notifyAdmissionChange(tx, { userId: account.userId });
    return result;
  });
}

async function applyNodes(tx: DbOrTx, account: ControlAccount, nodes: ControlNode[], actor: { id: string; email: string } | null, meta?: RequestMeta): Promise<SyncResult> {
  const all = await tx.select().from(devices).where(eq(devices.userId, account.userId));
  const keys = new Set(all.map((d) => d.nodeKey));
  const mine = new Map(all.filter((d) => d.controlAccountId === account.id && d.externalId).map((d) => [d.externalId!, d]));
  const onServer = new Map(nodes.map((n) => [n.externalId, n]));

  const gone = [...mine.values()].filter((d) => !onServer.has(d.externalId!));
  if (gone.length > 0) {
    await tx.delete(devices).where(inArray(devices.id, gone.map((d) => d.id)));
    for (const d of gone) {
      keys.delete(d.nodeKey);
      await writeAudit(tx, { actor, action: "device.removed", target: { type: "device", id: d.id }, meta, details: { name: d.name, nodeKey: d.nodeKey, reason: "control_sync" } });
      await recordHistory(tx, account.userId, "device_removed", { deviceId: d.id, name: d.name, nodeKey: d.nodeKey });
    }
  }

  let rekeyed = 0;
  for (const [externalId, d] of mine) {
    const key = onServer.get(externalId)?.nodeKey;
    if (!key || key === d.nodeKey || keys.has(key)) continue;
    await tx.update(devices).set({ nodeKey: key, updatedAt: now() }).where(and(eq(devices.id, d.id), eq(devices.userId, account.userId)));
    keys.delete(d.nodeKey);
    keys.add(key);
    rekeyed++;
    await writeAudit(tx, { actor, action: "device.rekeyed", target: { type: "device", id: d.id }, meta, details: { name: d.name, from: d.nodeKey, nodeKey: key } });
  }

  const fresh: ImportableNode[] = [];
  for (const n of nodes) {
    if (!n.nodeKey || mine.has(n.externalId) || keys.has(n.nodeKey)) continue;
    keys.add(n.nodeKey);
    fresh.push({ ...n, nodeKey: n.nodeKey });
  }
  const { room } = await roomForDevices(tx, account.userId);
  const added = await insertImported(tx, { id: account.userId }, account.id, fresh.slice(0, room), actor, meta);
  return { added: added.length, removed: gone.length, rekeyed, error: fresh.length > room ? "device_limit_reached" : null };
}

/** "Sync now" from the page or API: the caller's own account only. */
export async function syncOwnAccount(db: Db, user: SessionUser, id: string, meta?: RequestMeta): Promise<SyncResult> {
  return syncAccount(db, await ownAccount(db, user, id), user, meta);
}

/** The worker's run: every account with sync on, one after another (each is a few requests at most). */
export async function syncAllAccounts(db: Db): Promise<{ accounts: number; added: number; removed: number; rekeyed: number; failed: number }> {
  const accounts = await db.select().from(controlAccounts).where(eq(controlAccounts.syncEnabled, true));
  const total = { accounts: accounts.length, added: 0, removed: 0, rekeyed: 0, failed: 0 };
  for (const account of accounts) {
    try {
      const r = await syncAccount(db, account);
      // A device removed (or rekeyed) here may still hold an open relay connection: end it now.
      if (r.removed + r.rekeyed > 0) await cutOffRemovedDevices(db, account.userId);
      total.added += r.added;
      total.removed += r.removed;
      total.rekeyed += r.rekeyed;
      if (r.error) total.failed++;
    } catch (e) {
      // One customer's broken account must not stop the others' sync.
      total.failed++;
      logger.error({ err: e, accountId: account.id }, "control sync: account failed");
    }
  }
  return total;
}

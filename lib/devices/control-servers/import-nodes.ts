import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { devices } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { conflict } from "@/lib/errors";
import { notifyAdmissionChange } from "../admission-invalidation";
import { lockDevicesOf } from "../device-limit";
import { fetchNodes, ownAccount } from "./accounts";
import { insertImported, roomForDevices, type ImportableNode } from "./add-imported";

/**
 * The customer looks at an account's nodes and picks which become devices. The list is read fresh from the
 * control server each time (no copy of it is kept); a node whose key is already a device is marked, one
 * without a usable node key cannot be picked.
 */
export const importNodesInput = z.object({ nodeIds: z.array(z.string().min(1).max(100)).min(1, "control_nodes_required").max(1000) });

export interface NodeView {
  externalId: string;
  name: string;
  nodeKey: string | null;
  /** Already one of the customer's devices (from any source). */
  registered: boolean;
}

export type SkipReason = "registered" | "no_node_key" | "unknown_node";

export async function listAccountNodes(db: DbOrTx, user: Pick<SessionUser, "id">, accountId: string): Promise<NodeView[]> {
  const account = await ownAccount(db, user, accountId);
  const [nodes, keys] = await Promise.all([fetchNodes(account), ownKeys(db, user.id)]);
  return nodes.map((n) => ({ ...n, registered: n.nodeKey !== null && keys.has(n.nodeKey) }));
}

async function ownKeys(db: DbOrTx, userId: string): Promise<Set<string>> {
  const rows = await db.select({ nodeKey: devices.nodeKey }).from(devices).where(eq(devices.userId, userId));
  return new Set(rows.map((r) => r.nodeKey));
}

/**
 * The chosen nodes become devices, all or none: 409 `no_rental`, or `device_limit_reached` when the new ones
 * do not all fit. Nodes already registered, without a key, or no longer on the server are skipped and named.
 */
export async function importNodes(
  db: DbOrTx,
  user: SessionUser,
  accountId: string,
  input: z.output<typeof importNodesInput>,
  meta?: RequestMeta,
): Promise<{ imported: { id: string; name: string; nodeKey: string; externalId: string | null }[]; skipped: { externalId: string; reason: SkipReason }[] }> {
  // The control server is asked outside the transaction: no row lock is held across a network call.
  const account = await ownAccount(db, user, accountId);
  const byId = new Map((await fetchNodes(account)).map((n) => [n.externalId, n]));
  return db.transaction(async (tx) => {
    await ownAccount(tx, user, accountId, true);
    await lockDevicesOf(tx, user.id);
    const keys = await ownKeys(tx, user.id);
    const skipped: { externalId: string; reason: SkipReason }[] = [];
    const chosen: ImportableNode[] = [];
    for (const externalId of new Set(input.nodeIds)) {
      const node = byId.get(externalId);
      if (!node) skipped.push({ externalId, reason: "unknown_node" });
      else if (!node.nodeKey) skipped.push({ externalId, reason: "no_node_key" });
      else if (keys.has(node.nodeKey)) skipped.push({ externalId, reason: "registered" });
      else {
        keys.add(node.nodeKey);
        chosen.push({ ...node, nodeKey: node.nodeKey });
      }
    }
    const { limit, room } = await roomForDevices(tx, user.id);
    if (limit === null) throw conflict("no_rental");
    if (chosen.length > room) throw conflict("device_limit_reached", { limit });
    const rows = await insertImported(tx, user, account.id, chosen, user, meta);
    if (rows.length > 0) await notifyAdmissionChange(tx, { userId: user.id });
    return { imported: rows.map((r) => ({ id: r.id, name: r.name, nodeKey: r.nodeKey, externalId: r.externalId })), skipped };
  });
}

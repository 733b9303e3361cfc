import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { admissionRefusals, devices, type Device } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { conflict, notFound } from "@/lib/errors";
import { recordHistory } from "@/lib/history/record-history";
import { writeAudit } from "@/lib/logs/audit-log";
import { notifyAdmissionChange } from "./admission-invalidation";
import { deviceLimitOf, lockDevicesOf } from "./device-limit";
import { deviceNameField, nodeKeyField } from "./node-key";

/**
 * A customer's devices: the node keys their relays admit. Every operation works on the caller's own devices
 * only (another customer's id is "not found"), writes an audit entry and tells every app replica's admission
 * cache, in the same transaction, so a removed key is refused at once.
 */

export const addDeviceInput = z.object({ name: deviceNameField, nodeKey: nodeKeyField });
export const renameDeviceInput = z.object({ name: deviceNameField });

export interface DeviceView {
  id: string;
  name: string;
  nodeKey: string;
  source: Device["source"];
  createdAt: Date;
  /** False for devices past the device limit (after a smaller plan): admission refuses them. */
  withinLimit: boolean;
}

export interface DeviceList {
  items: DeviceView[];
  /** The most devices the customer may register; null without a rental. */
  limit: number | null;
}

/** In creation order, the order admission counts the device limit in. */
export async function listDevices(db: DbOrTx, user: Pick<SessionUser, "id">): Promise<DeviceList> {
  const [rows, limit] = await Promise.all([
    db
      .select({ id: devices.id, name: devices.name, nodeKey: devices.nodeKey, source: devices.source, createdAt: devices.createdAt })
      .from(devices)
      .where(eq(devices.userId, user.id))
      .orderBy(asc(devices.createdAt), asc(devices.id)),
    deviceLimitOf(db, user.id),
  ]);
  return { items: rows.map((d, i) => ({ ...d, withinLimit: limit !== null && i < limit })), limit };
}

/**
 * Registers a device within the limit: 409 `no_rental` without a rental, `device_limit_reached` at the
 * limit, `device_exists` for a key already registered.
 */
export async function addDevice(
  db: DbOrTx,
  user: SessionUser,
  input: z.output<typeof addDeviceInput>,
  meta?: RequestMeta,
  source: "manual" | "pending" = "manual",
): Promise<DeviceView> {
  return db.transaction(async (tx) => {
    await lockDevicesOf(tx, user.id);
    const limit = await deviceLimitOf(tx, user.id);
    if (limit === null) throw conflict("no_rental");
    const [{ n }] = await tx.select({ n: count() }).from(devices).where(eq(devices.userId, user.id));
    if (n >= limit) throw conflict("device_limit_reached", { limit });
    const at = now();
    const [row] = await tx
      .insert(devices)
      .values({ userId: user.id, name: input.name, nodeKey: input.nodeKey, source, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict("device_exists");
    // A key that was pending is a device now: it leaves the pending list.
    await tx.delete(admissionRefusals).where(and(eq(admissionRefusals.userId, user.id), eq(admissionRefusals.nodeKey, input.nodeKey)));
    await writeAudit(tx, {
      actor: user,
      action: "device.added",
      target: { type: "device", id: row.id },
      meta,
      details: { name: row.name, nodeKey: row.nodeKey, source },
    });
    await recordHistory(tx, user.id, "device_added", { deviceId: row.id, name: row.name, nodeKey: row.nodeKey });
    await notifyAdmissionChange(tx, { userId: user.id });
    return { id: row.id, name: row.name, nodeKey: row.nodeKey, source: row.source, createdAt: row.createdAt, withinLimit: true };
  });
}

export async function renameDevice(db: DbOrTx, user: SessionUser, id: string, name: string, meta?: RequestMeta): Promise<{ id: string; name: string }> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: devices.name })
      .from(devices)
      .where(and(eq(devices.id, id), eq(devices.userId, user.id)))
      .for("update");
    if (!before) throw notFound("device_unknown");
    await tx.update(devices).set({ name, updatedAt: now() }).where(eq(devices.id, id));
    await writeAudit(tx, { actor: user, action: "device.renamed", target: { type: "device", id }, meta, details: { from: before.name, name } });
    await notifyAdmissionChange(tx, { userId: user.id });
    return { id, name };
  });
}

export async function removeDevice(db: DbOrTx, user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(devices)
      .where(and(eq(devices.id, id), eq(devices.userId, user.id)))
      .returning();
    if (!row) throw notFound("device_unknown");
    await writeAudit(tx, { actor: user, action: "device.removed", target: { type: "device", id }, meta, details: { name: row.name, nodeKey: row.nodeKey } });
    await recordHistory(tx, user.id, "device_removed", { deviceId: id, name: row.name, nodeKey: row.nodeKey });
    await notifyAdmissionChange(tx, { userId: user.id });
  });
}

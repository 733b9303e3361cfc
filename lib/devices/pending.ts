import { and, desc, eq, gt, isNull, notExists, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { admissionRefusals, devices } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { DAY_MS, now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { writeAudit } from "@/lib/logs/audit-log";
import { addDevice, type DeviceView } from "./devices";
import { deviceNameField } from "./node-key";

/**
 * Pending devices: keys that admission refused on the customer's relays in the last 24 hours, that are not
 * devices already and were not dismissed. Approving one registers it (within the device limit); dismissing
 * hides it (later attempts still count on the same row, but do not bring it back).
 */
const WINDOW_MS = DAY_MS;

export interface PendingDevice {
  id: number;
  nodeKey: string;
  sourceIp: string | null;
  /** Where the address is (lib/geo, when the refusal was written); null for private or unknown addresses. */
  country: string | null;
  region: string | null;
  city: string | null;
  reason: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

export const pendingIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
export const approvePendingInput = z.object({ name: deviceNameField });

const open = (userId: string) =>
  and(
    eq(admissionRefusals.userId, userId),
    isNull(admissionRefusals.dismissedAt),
    gt(admissionRefusals.lastAt, new Date(now().getTime() - WINDOW_MS)),
    notExists(
      sql`(select 1 from ${devices} where ${devices.userId} = ${admissionRefusals.userId} and ${devices.nodeKey} = ${admissionRefusals.nodeKey})`,
    ),
  );

/** Newest attempt first; at most 100 (a flood of random keys must not make a page of thousands). */
export async function listPendingDevices(db: DbOrTx, user: Pick<SessionUser, "id">): Promise<PendingDevice[]> {
  return db
    .select({
      id: admissionRefusals.id,
      nodeKey: admissionRefusals.nodeKey,
      sourceIp: admissionRefusals.sourceIp,
      country: admissionRefusals.country,
      region: admissionRefusals.region,
      city: admissionRefusals.city,
      reason: admissionRefusals.reason,
      count: admissionRefusals.count,
      firstAt: admissionRefusals.firstAt,
      lastAt: admissionRefusals.lastAt,
    })
    .from(admissionRefusals)
    .where(open(user.id))
    .orderBy(desc(admissionRefusals.lastAt))
    .limit(100);
}

async function findPending(db: DbOrTx, user: Pick<SessionUser, "id">, id: number) {
  const [row] = await db
    .select({ id: admissionRefusals.id, nodeKey: admissionRefusals.nodeKey })
    .from(admissionRefusals)
    .where(and(eq(admissionRefusals.id, id), open(user.id)));
  if (!row) throw notFound("pending_device_unknown");
  return row;
}

/** Becomes a device of the caller (same limit and checks as adding one by hand). */
export async function approvePendingDevice(
  db: DbOrTx,
  user: SessionUser,
  id: number,
  input: z.output<typeof approvePendingInput>,
  meta?: RequestMeta,
): Promise<DeviceView> {
  return db.transaction(async (tx) => {
    const row = await findPending(tx, user, id);
    return addDevice(tx, user, { name: input.name, nodeKey: row.nodeKey }, meta, "pending");
  });
}

export async function dismissPendingDevice(db: DbOrTx, user: SessionUser, id: number, meta?: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findPending(tx, user, id);
    await tx.update(admissionRefusals).set({ dismissedAt: now() }).where(eq(admissionRefusals.id, row.id));
    await writeAudit(tx, { actor: user, action: "device.pending_dismissed", target: { type: "admission_refusal", id: String(id) }, meta, details: { nodeKey: row.nodeKey } });
  });
}

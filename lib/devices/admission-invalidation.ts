import { sql } from "drizzle-orm";
import type { DbHandle, DbOrTx } from "@/db/client";
import { logger } from "@/lib/logger";

/**
 * Tells every app replica's admission cache that its facts changed. A change sends a Postgres NOTIFY inside
 * the caller's transaction (Postgres delivers it at commit, and never for a rolled-back change) and clears this
 * process's cache at once. Each process LISTENs once (startAdmissionListener); notifications reach every
 * replica within milliseconds, well inside the 1 s the issue asks. Postgres rather than Redis: it is always
 * there (PGlite too), and the notification is transactional.
 *
 * A message names a customer (their devices, rentals or relays changed), or nobody: forget everything (a
 * relay was created, moved or released, or the listener reconnected and may have missed messages).
 */
export const ADMISSION_CHANNEL = "derp_admission";

export interface AdmissionChange {
  userId?: string | null;
}

type Subscriber = (change: AdmissionChange) => void;
const globalForAdmission = globalThis as unknown as { __admissionSubscribers?: Set<Subscriber>; __admissionListening?: WeakSet<object> };
const subscribers = (globalForAdmission.__admissionSubscribers ??= new Set());
const listening = (globalForAdmission.__admissionListening ??= new WeakSet());

export function onAdmissionChange(fn: Subscriber): () => void {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function publishAdmissionChange(change: AdmissionChange): void {
  for (const fn of subscribers) fn(change);
}

export async function notifyAdmissionChange(db: DbOrTx, change: AdmissionChange): Promise<void> {
  await db.execute(sql`select pg_notify(${ADMISSION_CHANNEL}, ${change.userId ?? "*"})`);
  publishAdmissionChange(change);
}

/** Subscribes this process to other replicas' changes; once per database handle. */
export async function startAdmissionListener(handle: DbHandle): Promise<boolean> {
  if (listening.has(handle)) return true;
  listening.add(handle);
  try {
    await handle.listen(
      ADMISSION_CHANNEL,
      (payload) => publishAdmissionChange({ userId: payload && payload !== "*" ? payload : null }),
      () => publishAdmissionChange({}),
    );
    return true;
  } catch (e) {
    // Without the listener the short TTL still bounds staleness; the next call tries again.
    listening.delete(handle);
    logger.error({ err: e }, "admission: LISTEN failed; cache entries expire by TTL only");
    return false;
  }
}

import { allocateWaitingRentals } from "@/lib/containers/allocate-waiting";
import { sendExpiryReminders } from "@/lib/containers/expiry-reminders";
import { expireDueRentals, releaseAfterGrace } from "@/lib/containers/rental-expiry";
import type { Job } from "../run-job";

/**
 * Rentals over time: expire the due ones (relays stop), release those past their grace period (relays removed,
 * ports freed), send expiry reminders, and give relays to rentals still waiting for one. Expiry goes first so a
 * rental that just ran out is not given a relay.
 */
export const rentalLifecycle: Job = async ({ db }) => {
  const expiry = await expireDueRentals(db);
  const grace = await releaseAfterGrace(db);
  const reminders = await sendExpiryReminders(db);
  const allocation = await allocateWaitingRentals(db);
  return { ...expiry, ...grace, reminders: reminders.sent, allocation };
};

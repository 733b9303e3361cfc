import type { RentalStatus } from "@/db/schema";
import { allocateRental } from "@/lib/containers/allocate";
import { cutOffRemovedDevices } from "@/lib/containers/cut-off-removed-devices";
import { afterResponse } from "./after-response";

/**
 * Gives a rental that now waits for its relay (a redemption, a grant, a renewal, quota restored, a lifted
 * suspension) its relay right after the answer, so the customer does not wait for the worker's next allocation
 * run (which retries any rental left `pending`).
 */
export function allocateSoon(rental: { id: string; status: RentalStatus }): void {
  if (rental.status !== "pending") return;
  afterResponse("allocating a relay", { rentalId: rental.id }, (db) => allocateRental(db, rental.id));
}

/** After a device removal: its open relay connections end now, not whenever it next reconnects. */
export function cutOffSoon(userId: string): void {
  afterResponse("restarting relays to cut off a removed device", { userId }, (db) => cutOffRemovedDevices(db, userId));
}

import { z } from "zod";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { adminRentalView } from "@/lib/rentals/admin-rental-view";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { rentalReasonInput } from "@/lib/rentals/admin-schemas";
import { unsuspendRental } from "@/lib/rentals/suspend-rental";

/** `{ reason }`: lifts a suspension (to pending, or expired / over_quota when that is what it is now). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: rentalReasonInput },
    async ({ db, user, params, body, meta }) => {
      const rental = await unsuspendRental(db, user, params.id, body, meta);
      // A renewal, restored quota or lifted suspension leaves the rental waiting for its relay again.
      allocateSoon(rental);
      return adminRentalView(rental);
    },
  ),
});

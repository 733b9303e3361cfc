import { z } from "zod";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { adminRentalView } from "@/lib/rentals/admin-rental-view";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { setRentalExpiry } from "@/lib/rentals/adjust-rental";
import { rentalExpiryInput } from "@/lib/rentals/admin-schemas";

/** `{ expiresAt, reason }`: a new expiry (a past one ends the rental, a future one renews an expired one). */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: rentalExpiryInput },
    async ({ db, user, params, body, meta }) => {
      const rental = await setRentalExpiry(db, user, params.id, body, meta);
      // A renewal, restored quota or lifted suspension leaves the rental waiting for its relay again.
      allocateSoon(rental);
      return adminRentalView(rental);
    },
  ),
});

import { z } from "zod";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { adminRentalView } from "@/lib/rentals/admin-rental-view";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { adjustRentalTraffic } from "@/lib/rentals/adjust-rental";
import { rentalTrafficInput } from "@/lib/rentals/admin-schemas";

/** `{ resetUsed?: true, quotaBytes?, reason }`: resets the traffic used and/or sets a new quota. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: rentalTrafficInput },
    async ({ db, user, params, body, meta }) => {
      const rental = await adjustRentalTraffic(db, user, params.id, body, meta);
      // A renewal, restored quota or lifted suspension leaves the rental waiting for its relay again.
      allocateSoon(rental);
      return adminRentalView(rental);
    },
  ),
});

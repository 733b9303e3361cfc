import { z } from "zod";
import { adminRentalView } from "@/lib/rentals/admin-rental-view";
import { apiRoute } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { rentalReasonInput } from "@/lib/rentals/admin-schemas";
import { suspendRental } from "@/lib/rentals/suspend-rental";

/** `{ reason }`: suspends the rental (through transitionRental); 409 invalid_transition from expired or released. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: rentalReasonInput },
    async ({ db, user, params, body, meta }) => adminRentalView(await suspendRental(db, user, params.id, body, meta)),
  ),
});

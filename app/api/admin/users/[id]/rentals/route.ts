import { z } from "zod";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { adminRentalView } from "@/lib/rentals/admin-rental-view";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";
import { grantRentalInput } from "@/lib/rentals/admin-schemas";
import { grantRental } from "@/lib/rentals/grant-rental";

/**
 * `{ planId, days, region?, reason }`: grants the user days of a plan without a code (a new rental, or the
 * user's rental of that plan extended). 201 `{ data: { rental, extended } }`. No order, no revenue.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute(
    { access: "admin", params: z.object({ id: z.uuid() }), body: grantRentalInput },
    async ({ db, user, params, body, meta }) => {
      const result = await grantRental(db, user, params.id, body, meta);
      allocateSoon(result.rental);
      return created({ rental: adminRentalView(result.rental), extended: result.extended });
    },
  ),
});

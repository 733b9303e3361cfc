import { allocateSoon } from "@/app/_lib/relays-soon";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { activateInput } from "@/lib/billing/schemas";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/** Redeems a serial code for the caller: { code, region? } → 201 with the order and the created or extended rental. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "user", body: activateInput }, async ({ db, user, body, meta }) => {
    const result = await redeemSerial(db, user, body, meta);
    allocateSoon(result.rental);
    return created(result);
  }),
});

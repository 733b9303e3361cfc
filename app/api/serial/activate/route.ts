import { redeemSerial } from "@/lib/billing/redeem-serial";
import { activateInput } from "@/lib/billing/schemas";
import { apiRoute } from "@/lib/http/api-route";

/** Redeems a serial code for the caller: { code, region? } → the order and the created or extended rental. */
export const POST = apiRoute({ access: "user", body: activateInput }, async ({ db, user, body, meta }) =>
  redeemSerial(db, user, body, meta),
);

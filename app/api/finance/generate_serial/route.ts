import { generateSerialBatch } from "@/lib/billing/serial-batches";
import { generateSerialInput } from "@/lib/billing/schemas";
import { apiRoute, created } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

/**
 * Generates a batch { planId, count, priceMinor?, channel?, note?, redeemBy? } (priceMinor in integer minor units
 * of the plan's currency, as on plans; the plan's price when left out) and answers 201 `{ data: { batch, codes } }`. This is the only time the codes are sent
 * in full without an (audit-logged) export.
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  POST: apiRoute({ access: "admin", body: generateSerialInput }, async ({ db, user, body, meta }) =>
    created(await generateSerialBatch(db, user, body, meta), { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" }),
  ),
});

import { generateSerialBatch } from "@/lib/billing/serial-batches";
import { generateSerialInput } from "@/lib/billing/schemas";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

/**
 * Generates a batch { planId, count, price?, channel?, note?, redeemBy? } and returns it with its codes.
 * This is the only time the codes are sent in full without an (audit-logged) export.
 */
export const POST = apiRoute({ access: "admin", body: generateSerialInput }, async ({ db, user, body, meta }) => {
  const result = await generateSerialBatch(db, user, body, meta);
  return new ApiResult(result, 201, { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
});

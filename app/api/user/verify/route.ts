import { verifyInput } from "@/lib/accounts/schemas";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute({ access: "public", body: verifyInput }, async ({ db, body, meta, locale }) => {
  await verifyEmail(db, body, { meta, locale });
  return { ok: true };
});

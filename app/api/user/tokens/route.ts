import { z } from "zod";
import { createApiToken, listApiTokens } from "@/lib/accounts/api-tokens";
import { ApiResult, apiRoute } from "@/lib/http/api-route";

const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const GET = apiRoute({ access: "user" }, async ({ db, user }) => ({ tokens: await listApiTokens(db, user) }));

/** The token is in this answer only; it is stored hashed. */
export const POST = apiRoute(
  { access: "user", body: z.object({ name: z.string().trim().min(1).max(100) }) },
  async ({ db, user, body, meta }) => new ApiResult(await createApiToken(db, user, body.name, meta), 201, noStore),
);

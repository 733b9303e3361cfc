import { z } from "zod";
import { createApiToken, listApiTokens, tokenListQuery } from "@/lib/accounts/api-tokens";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The caller's tokens (a prefix, never the token), newest first, paged. */
  GET: apiRoute({ access: "user", query: tokenListQuery }, async ({ db, user, query }) => list(await listApiTokens(db, user, query))),

  /** 201 `{ data: { token, apiToken } }`: the token is in this answer only; it is stored hashed. */
  POST: apiRoute({ access: "user", body: z.object({ name: z.string().trim().min(1).max(100) }) }, async ({ db, user, body, meta }) =>
    created(await createApiToken(db, user, body.name, meta), noStore),
  ),
});

import { apiTokenInput, createApiToken, listApiTokens, tokenListQuery } from "@/lib/accounts/api-tokens";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The caller's tokens (a prefix, never the token), newest first, paged. */
  GET: apiRoute({ access: "user", query: tokenListQuery }, async ({ db, user, query }) => list(await listApiTokens(db, user, query))),

  /**
   * `{ name, scope?: "read" | "full", expiresAt?: day or timestamp }` → 201 `{ data: { token, apiToken } }`: the
   * token is in this answer only; it is stored hashed.
   */
  POST: apiRoute({ access: "user", body: apiTokenInput }, async ({ db, user, body, meta }) =>
    created(await createApiToken(db, user, body, meta), noStore),
  ),
});

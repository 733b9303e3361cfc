import { connectAccount, connectAccountInput, listAccounts } from "@/lib/devices/control-servers/accounts";
import { apiRoute, created, list } from "@/lib/http/api-route";
import { methods } from "@/lib/http/methods";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  /** The caller's connected headscale / Tailscale accounts (never their credentials). */
  GET: apiRoute({ access: "user" }, async ({ db, user }) => list({ items: await listAccounts(db, user), nextCursor: null })),

  /**
   * `{ kind: "headscale", baseUrl, apiKey }` or `{ kind: "tailscale", apiKey, tailnet?, baseUrl? }` → 201; the
   * server is asked for its nodes first: 400 control_unreachable / control_auth_failed stores nothing.
   */
  POST: apiRoute({ access: "user", body: connectAccountInput }, async ({ db, user, body, meta }) => created(await connectAccount(db, user, body, meta))),
});

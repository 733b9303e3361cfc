import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { controlAccounts, type ControlAccount } from "@/db/schema";
import type { RequestMeta, SessionUser } from "@/lib/auth/types";
import { now } from "@/lib/clock";
import { sealer } from "@/lib/crypto/seal";
import { badRequest, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { writeAudit } from "@/lib/logs/audit-log";
import { parseBaseUrl } from "./control-fetch";
import type { ControlNode } from "./control-node";
import { listHeadscaleNodes } from "./headscale";
import { listTailscaleDevices, TAILSCALE_API } from "./tailscale";

/**
 * A customer's connected control-server accounts. The API key or access token is sealed bound to the row id
 * (copied to another row it no longer opens), checked against the server before anything is stored (a wrong
 * token or URL stores nothing), and never returned or logged; only listing nodes opens it.
 */
const box = () => sealer("control-account-credential");

const baseUrlField = z
  .string()
  .max(500, "control_url_invalid")
  .transform((text, ctx) => {
    const url = parseBaseUrl(text);
    if (!url) {
      ctx.addIssue({ code: "custom", message: "control_url_invalid" });
      return z.NEVER;
    }
    return url;
  });
const credentialField = z.string().trim().min(1, "control_credential_required").max(500, "control_credential_required");

export const connectAccountInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("headscale"), baseUrl: baseUrlField, apiKey: credentialField }),
  z.object({
    kind: z.literal("tailscale"),
    // Configurable so tests (and Tailscale-compatible APIs) can point elsewhere.
    baseUrl: z.union([z.literal("").transform(() => TAILSCALE_API), baseUrlField]).optional().default(TAILSCALE_API),
    // "-" is the token's default tailnet in Tailscale's API.
    tailnet: z.string().trim().min(1, "control_tailnet_required").max(200, "control_tailnet_required").default("-"),
    apiKey: credentialField,
  }),
], { error: "control_kind_invalid" });
export const accountIdParam = z.object({ id: z.uuid() });
export const setSyncInput = z.object({ syncEnabled: z.boolean() });

export interface ControlAccountView {
  id: string;
  kind: ControlAccount["kind"];
  baseUrl: string;
  tailnet: string | null;
  syncEnabled: boolean;
  lastSyncAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

const view = (a: ControlAccount): ControlAccountView => ({
  id: a.id,
  kind: a.kind,
  baseUrl: a.baseUrl,
  tailnet: a.tailnet,
  syncEnabled: a.syncEnabled,
  lastSyncAt: a.lastSyncAt,
  lastError: a.lastError,
  createdAt: a.createdAt,
});

type AccountTarget = Pick<ControlAccount, "id" | "kind" | "baseUrl" | "tailnet" | "credentialSealed">;

/** The server's nodes now; throws control_unreachable / control_auth_failed / control_bad_response. */
export async function fetchNodes(account: AccountTarget): Promise<ControlNode[]> {
  let credential: string;
  try {
    credential = box().open(account.credentialSealed, account.id).toString("utf8");
  } catch (e) {
    // Sealed under another APP_SECRET, or copied from another row: the customer must connect again.
    logger.warn({ accountId: account.id, err: e instanceof Error ? e.message : String(e) }, "control account: credential does not open");
    throw badRequest("control_credential_unreadable");
  }
  return account.kind === "headscale"
    ? listHeadscaleNodes(account.baseUrl, credential)
    : listTailscaleDevices(account.baseUrl, account.tailnet ?? "-", credential);
}

export async function connectAccount(
  db: DbOrTx,
  user: SessionUser,
  input: z.output<typeof connectAccountInput>,
  meta?: RequestMeta,
): Promise<ControlAccountView> {
  const id = randomUUID();
  const tailnet = input.kind === "tailscale" ? input.tailnet : null;
  const target = { id, kind: input.kind, baseUrl: input.baseUrl, tailnet, credentialSealed: box().seal(input.apiKey, id) };
  // Checked before storing: a wrong key or an unreachable URL is refused with nothing written.
  await fetchNodes(target);
  return db.transaction(async (tx) => {
    const at = now();
    const [row] = await tx
      .insert(controlAccounts)
      .values({ ...target, userId: user.id, createdAt: at, updatedAt: at })
      .returning();
    await writeAudit(tx, {
      actor: user,
      action: "control_account.connected",
      target: { type: "control_account", id },
      meta,
      details: { kind: row.kind, baseUrl: row.baseUrl, tailnet: row.tailnet },
    });
    return view(row);
  });
}

export async function listAccounts(db: DbOrTx, user: Pick<SessionUser, "id">): Promise<ControlAccountView[]> {
  const rows = await db.select().from(controlAccounts).where(eq(controlAccounts.userId, user.id)).orderBy(desc(controlAccounts.createdAt));
  return rows.map(view);
}

/** The caller's account; another customer's is "not found", like one that does not exist. */
export async function ownAccount(db: DbOrTx, user: Pick<SessionUser, "id">, id: string, forUpdate = false): Promise<ControlAccount> {
  const q = db
    .select()
    .from(controlAccounts)
    .where(and(eq(controlAccounts.id, id), eq(controlAccounts.userId, user.id)));
  const [row] = forUpdate ? await q.for("update") : await q;
  if (!row) throw notFound("control_account_unknown");
  return row;
}

export async function setAccountSync(db: DbOrTx, user: SessionUser, id: string, syncEnabled: boolean, meta?: RequestMeta): Promise<ControlAccountView> {
  return db.transaction(async (tx) => {
    await ownAccount(tx, user, id, true);
    const [row] = await tx.update(controlAccounts).set({ syncEnabled, updatedAt: now() }).where(eq(controlAccounts.id, id)).returning();
    await writeAudit(tx, { actor: user, action: "control_account.sync_changed", target: { type: "control_account", id }, meta, details: { syncEnabled } });
    return view(row);
  });
}

/** Forgets the account and its credential. Devices imported from it stay (the link is cleared by the foreign key). */
export async function disconnectAccount(db: DbOrTx, user: SessionUser, id: string, meta?: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const account = await ownAccount(tx, user, id, true);
    await tx.delete(controlAccounts).where(eq(controlAccounts.id, id));
    await writeAudit(tx, {
      actor: user,
      action: "control_account.disconnected",
      target: { type: "control_account", id },
      meta,
      details: { kind: account.kind, baseUrl: account.baseUrl, tailnet: account.tailnet },
    });
  });
}

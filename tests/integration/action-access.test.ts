import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { translateError } from "@/lib/i18n/messages";
import { authHeaders, createUser, type TestUser } from "../helpers/auth";
import { testDb } from "../helpers/db";

/**
 * The server-action twin of access-control.test.ts: every export of every "use server" file under app/ is
 * called without a session (refused unless public) and as a customer (refused unless public or for
 * customers). The files are found on disk, so a new action is covered the day it is added.
 */

// Server actions read the request through next/headers; outside Next, the test provides it.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));

/** "<file relative to app/>#<export>" of actions anyone may call. */
const PUBLIC = new Set([
  "(auth)/actions.ts#signUpAction",
  "(auth)/actions.ts#verifyAction",
  "(auth)/actions.ts#resendCodeAction",
  "(auth)/actions.ts#loginAction",
  "(auth)/actions.ts#forgotPasswordAction",
  "(auth)/actions.ts#resetPasswordAction",
  "_actions/auth.ts#logoutAction",
  "_actions/locale.ts#setLocaleAction",
]);

/** Actions for any signed-in user, on their own data. Every other action is admin-only. */
const CUSTOMER = new Set([
  "(portal)/activate/actions.ts#activateAction",
  "(portal)/profile/actions.ts#updateLocaleAction",
  "(portal)/profile/actions.ts#updateTimeZoneAction",
  "(portal)/profile/actions.ts#changePasswordAction",
  "(portal)/profile/actions.ts#logoutEverywhereAction",
  "(portal)/profile/actions.ts#endSessionAction",
  "(portal)/profile/actions.ts#createTokenAction",
  "(portal)/profile/actions.ts#revokeTokenAction",
  "(portal)/profile/actions.ts#startTotpAction",
  "(portal)/profile/actions.ts#confirmTotpAction",
  "(portal)/profile/actions.ts#disableTotpAction",
  "_actions/relays.ts#restartRelayAction",
  "(portal)/devices/actions.ts#addDeviceAction",
  "(portal)/devices/actions.ts#renameDeviceAction",
  "(portal)/devices/actions.ts#removeDeviceAction",
  "(portal)/devices/actions.ts#approvePendingAction",
  "(portal)/devices/actions.ts#dismissPendingAction",
  "(portal)/acl/actions.ts#regenerateMapAction",
  "(portal)/acl/actions.ts#setOmitAction",
  "(portal)/acl/actions.ts#createLinkAction",
  "(portal)/acl/actions.ts#revokeLinkAction",
  "(portal)/acl/actions.ts#setLinkExpiryAction",
  "(portal)/devices/control-actions.ts#connectAccountAction",
  "(portal)/devices/control-actions.ts#listNodesAction",
  "(portal)/devices/control-actions.ts#importNodesAction",
  "(portal)/devices/control-actions.ts#setSyncAction",
  "(portal)/devices/control-actions.ts#syncNowAction",
  "(portal)/devices/control-actions.ts#disconnectAccountAction",
]);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const APP = path.join(ROOT, "app");

function serverActionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "api" && dir === APP ? [] : serverActionFiles(full);
    if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
    return /^\s*["']use server["']/.test(readFileSync(full, "utf8")) ? [full] : [];
  });
}

type ActionFn = (prev: unknown, input: FormData | Record<string, unknown>) => Promise<unknown>;
interface Action {
  id: string;
  fn: ActionFn;
}

let db: Db;
let actions: Action[];
let admin: TestUser;
let customer: TestUser;

beforeAll(async () => {
  db = (await testDb()).db;
  actions = [];
  for (const file of serverActionFiles(APP)) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === "function") actions.push({ id: `${path.relative(APP, file).split(path.sep).join("/")}#${name}`, fn: value as ActionFn });
    }
  }
  actions.sort((a, b) => a.id.localeCompare(b.id));
  [admin, customer] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
});

const refusal = (code: string) => ({ ok: false, error: { code, message: translateError("en", code) } });
const isAdminAction = (a: Action) => !PUBLIC.has(a.id) && !CUSTOMER.has(a.id);

async function run(a: Action, headers: Record<string, string>): Promise<unknown> {
  request.headers = new Headers({ "accept-language": "en", ...headers });
  return a.fn(null, new FormData());
}

describe("server actions", () => {
  it("are all found, and every listed action exists", () => {
    expect(actions.length).toBeGreaterThanOrEqual(20);
    const ids = new Set(actions.map((a) => a.id));
    for (const id of [...PUBLIC, ...CUSTOMER]) expect(ids.has(id), `${id} is listed but not exported`).toBe(true);
  });

  it("refuse callers without a session unless public", async () => {
    for (const a of actions.filter((a) => !PUBLIC.has(a.id))) {
      expect(await run(a, {}), a.id).toEqual(refusal("unauthorized"));
    }
  });

  it("refuse customers on admin actions, by role and before reading the input", async () => {
    const headers = await authHeaders(customer);
    const admins = actions.filter(isAdminAction);
    expect(admins.length).toBeGreaterThanOrEqual(6);
    for (const a of admins) expect(await run(a, headers), a.id).toEqual(refusal("forbidden"));
  });

  it("let admins past the role check (the refusal above is about the role)", async () => {
    const headers = await authHeaders(admin);
    for (const a of actions.filter(isAdminAction)) {
      const state = await run(a, headers);
      expect(state, a.id).not.toEqual(refusal("forbidden"));
      expect(state, a.id).not.toEqual(refusal("unauthorized"));
      // An empty form is invalid input for every admin action: nothing was changed.
      expect(state, a.id).toMatchObject({ ok: false, error: { code: "validation", message: translateError("en", "validation") } });
    }
  });
});

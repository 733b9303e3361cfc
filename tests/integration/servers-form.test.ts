import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { auditLog, servers, type Region } from "@/db/schema";
import { openServerSecret } from "@/lib/fleet/servers/secrets";
import { authHeaders, createUser, type TestUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";
import { makeRegion } from "../helpers/regions";
import { fakeDockerSocket, testPki, type TestPki } from "../helpers/servers";
import { sessionUser } from "../helpers/auth";

/**
 * The admin form's server actions: the same lib functions as the routes, fed by form data (text, `docker.*`
 * names, memory in MiB, checkboxes, secret fields left empty to keep the stored secret).
 */

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error("redirect"), { digest: `NEXT_REDIRECT;replace;${to};307;`, to });
  },
}));

const actions = await import("@/app/admin/servers/actions");

let db: Db;
let admin: TestUser;
let region: Region;
let pki: TestPki;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await createUser(db, { role: "admin" });
  region = await makeRegion(db, sessionUser(admin));
  pki = await testPki();
  request.headers = new Headers({ ...(await authHeaders(admin)), "accept-language": "en" });
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

async function baseFields(): Promise<Record<string, string>> {
  return {
    name: unique("form-srv"),
    region: region.code,
    publicIpv4: "198.51.100.20",
    publicIpv6: "",
    derpNaming: "ip",
    derpPortMin: "8443",
    derpPortMax: "8542",
    stunPortMin: "3478",
    stunPortMax: "3577",
    capacity: "50",
    networkMode: "host",
    relayCpuLimit: "0.25",
    relayMemoryLimitMiB: "64",
    enabled: "on",
    "docker.kind": "socket",
    "docker.socketPath": await fakeDockerSocket(),
  };
}

/** Runs an action that redirects on success; returns where it went, or the refused state. */
async function submit(action: (prev: null, input: FormData) => Promise<unknown>, data: FormData): Promise<{ to?: string; state?: unknown }> {
  try {
    return { state: await action(null, data) };
  } catch (e) {
    const to = (e as { to?: string }).to;
    if (to) return { to };
    throw e;
  }
}

describe("the server form", () => {
  it("adds a server from form data and redirects to its page", async () => {
    const fields = await baseFields();
    const { to } = await submit(actions.createServerAction, form(fields));
    const [row] = await db.select().from(servers).where(eq(servers.name, fields.name));
    expect(to).toBe(`/admin/servers/${row.id}`);
    expect(row).toMatchObject({
      publicIpv4: "198.51.100.20",
      publicIpv6: null,
      derpPortMin: 8443,
      stunPortMax: 3577,
      capacity: 50,
      networkMode: "host",
      relayCpuLimit: 0.25,
      relayMemoryLimitBytes: 64 * 1024 * 1024,
      enabled: true,
      draining: false,
      dockerConnection: { kind: "socket", socketPath: fields["docker.socketPath"] },
    });
  });

  it("answers field errors under the form's own field names, saving nothing", async () => {
    const fields: Record<string, string> = { ...(await baseFields()), derpPortMax: "8400", relayMemoryLimitMiB: "8", "docker.socketPath": "/nonexistent/docker.sock" };
    const { state } = await submit(actions.createServerAction, form(fields));
    expect(state).toMatchObject({ ok: false });
    const fieldErrors = (state as { error: { fieldErrors: Record<string, unknown[]> } }).error.fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(["relayMemoryLimitMiB"]);
    const second = await submit(actions.createServerAction, form({ ...fields, relayMemoryLimitMiB: "" }));
    expect(Object.keys((second.state as { error: { fieldErrors: Record<string, unknown[]> } }).error.fieldErrors).sort()).toEqual(["derpPortMax", "docker.socketPath"]);
    expect(await db.$count(servers, eq(servers.name, fields.name))).toBe(0);
  });

  it("edits a TLS server with its key left empty (kept), then enables, drains and deletes it", async () => {
    const fields: Record<string, string> = {
      ...(await baseFields()),
      "docker.kind": "tls",
      "docker.host": "docker.example.net",
      "docker.port": "2376",
      "docker.ca": pki.ca.certPem,
      "docker.cert": pki.client.certPem,
      "docker.key": pki.client.keyPem,
    };
    await submit(actions.createServerAction, form(fields));
    const [created] = await db.select().from(servers).where(eq(servers.name, fields.name));

    const { to } = await submit(
      actions.updateServerAction,
      form({ ...fields, id: created.id, "docker.key": "", capacity: "20", enabled: "", relayCpuLimit: "", relayMemoryLimitMiB: "" }),
    );
    expect(to).toBe(`/admin/servers/${created.id}`);
    const [edited] = await db.select().from(servers).where(eq(servers.id, created.id));
    expect(edited).toMatchObject({ capacity: 20, enabled: false, relayCpuLimit: null, relayMemoryLimitBytes: null });
    expect(openServerSecret(edited.id, "docker", edited.dockerSecretSealed!)).toBe(pki.client.keyPem);

    expect(await actions.setServerFlagsAction(null, form({ id: created.id, enabled: "true" }))).toEqual({ ok: true, data: { enabled: true, draining: false } });
    expect(await actions.setServerFlagsAction(null, form({ id: created.id, draining: "true" }))).toEqual({ ok: true, data: { enabled: true, draining: true } });
    const actionsLogged = (await db.select().from(auditLog).where(eq(auditLog.targetId, created.id))).map((a) => a.action).sort();
    expect(actionsLogged).toEqual(["server.create", "server.disable", "server.drain", "server.enable", "server.update"]);

    expect(await submit(actions.deleteServerAction, form({ id: created.id }))).toEqual({ to: "/admin/servers" });
    expect(await db.$count(servers, eq(servers.id, created.id))).toBe(0);
  });

  it("tests connection settings as typed, with the stored secret filling an empty field", async () => {
    const closed = await actions.testConnectionSettingsAction(
      null,
      form({ "docker.kind": "tls", "docker.host": "127.0.0.1", "docker.port": "1", "docker.ca": pki.ca.certPem, "docker.cert": pki.client.certPem }),
    );
    // No key and no saved server to take it from.
    expect(closed).toMatchObject({ ok: false });
    expect(Object.keys((closed as unknown as { error: { fieldErrors: object } }).error.fieldErrors)).toEqual(["docker.key"]);

    const fields: Record<string, string> = {
      ...(await baseFields()),
      "docker.kind": "tls",
      "docker.host": "127.0.0.1",
      "docker.port": "1",
      "docker.ca": pki.ca.certPem,
      "docker.cert": pki.client.certPem,
      "docker.key": pki.client.keyPem,
    };
    await submit(actions.createServerAction, form(fields));
    const [saved] = await db.select().from(servers).where(eq(servers.name, fields.name));
    const tested = await actions.testConnectionSettingsAction(
      null,
      form({ serverId: saved.id, "docker.kind": "tls", "docker.host": "127.0.0.1", "docker.port": "1", "docker.ca": pki.ca.certPem, "docker.cert": pki.client.certPem }),
    );
    expect(tested).toMatchObject({ ok: true, data: { ok: false, error: { code: "refused" } } });
  });
});

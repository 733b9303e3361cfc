import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/api/server/[id]/test_connection/route";
import { DELETE as deleteRoute } from "@/app/api/server/[id]/route";
import { POST as addRoute } from "@/app/api/add_server/route";
import { GET as statusRoute } from "@/app/api/server/status/[id]/route";
import type { Db } from "@/db/client";
import { relays, servers, systemLog, type Region } from "@/db/schema";
import { testConnectionSettings } from "@/lib/fleet/servers/test-connection";
import { isAppError } from "@/lib/errors";
import { authHeaders, call, createUser, jsonRequest, sessionUser, type TestUser } from "../helpers/auth";
import { testDb, unique } from "../helpers/db";
import { dockerForTests, dockerTarget } from "../helpers/docker";
import { makeRegion } from "../helpers/regions";
import { relayImageForTests } from "../helpers/relay-image";
import { freePort } from "../helpers/free-port";
import { fieldCodes, serverBody, testPki, type TestPki } from "../helpers/servers";

/** Servers against the real local engine (and a TCP port where nothing listens). */

const docker = await dockerForTests();
const target = dockerTarget();
const localSocket = target.startsWith("unix://") ? target.slice("unix://".length) : null;
const image = docker && (await relayImageForTests(docker));

let db: Db;
let admin: TestUser;
let region: Region;
let pki: TestPki;

beforeAll(async () => {
  db = (await testDb()).db;
  admin = await createUser(db, { role: "admin" });
  region = await makeRegion(db, sessionUser(admin));
  pki = await testPki();
});

const asAdmin = () => authHeaders(admin, { "accept-language": "en" });
const add = async (body: unknown) => call(addRoute, jsonRequest("/api/add_server", { body, headers: await asAdmin() }));
const test = async (id: string) =>
  call(testRoute, jsonRequest(`/api/server/${id}/test_connection`, { method: "POST", headers: await asAdmin() }), { id });
const status = async (id: string) => call(statusRoute, jsonRequest(`/api/server/status/${id}`, { headers: await asAdmin() }), { id });
const del = async (id: string) => call(deleteRoute, jsonRequest(`/api/server/${id}`, { method: "DELETE", headers: await asAdmin() }), { id });

/** TLS settings for an engine on a loopback port where nothing listens. */
async function closedTlsDocker() {
  return { kind: "tls", host: "127.0.0.1", port: await freePort(), ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem };
}

describe.skipIf(!docker || !localSocket)("servers on the local Docker engine", () => {
  it("tests the connection: Docker version, CPUs, memory, running containers; the server goes up", async () => {
    const created = await add(await serverBody(region.code, { docker: { kind: "socket", socketPath: localSocket } }));
    expect(created.status).toBe(201);
    const id = created.body.data.id;

    const r = await test(id);
    expect(r.status).toBe(200);
    const truth = await docker!.info();
    expect(r.body.data).toMatchObject({
      ok: true,
      hostInfo: { dockerVersion: truth.ServerVersion, cpus: truth.NCPU, memoryBytes: truth.MemTotal },
    });
    expect(r.body.data.hostInfo.containersRunning).toBeGreaterThanOrEqual(0);

    const s = await status(id);
    expect(s.body.data).toMatchObject({
      status: "up",
      lastError: null,
      hostInfo: { dockerVersion: truth.ServerVersion, cpus: truth.NCPU, memoryBytes: truth.MemTotal },
    });
    expect(Date.parse(s.body.data.statusChangedAt)).toBeGreaterThan(Date.now() - 60_000);
    const [log] = await db.select().from(systemLog).where(and(eq(systemLog.source, "fleet"), eq(systemLog.message, `server ${created.body.data.name} is up (was unknown)`)));
    expect(log).toBeDefined();
  });

  it("tests settings that are not saved yet, with the same checks as saving", async () => {
    const ok = await testConnectionSettings(db, sessionUser(admin), { kind: "socket", socketPath: localSocket! });
    expect(ok).toMatchObject({ ok: true, hostInfo: { dockerVersion: (await docker!.version()).Version } });
    const refused = await testConnectionSettings(db, sessionUser(admin), { kind: "socket", socketPath: "/nonexistent/docker.sock" }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.status).toBe(400);
    expect(isAppError(refused) && refused.fieldErrors).toEqual({ "docker.socketPath": ["socket_missing"] });
  });

  it("saves a TLS host that does not answer; its test says why within moments and marks it down", async () => {
    const created = await add(await serverBody(region.code, { docker: await closedTlsDocker() }));
    expect(created.status).toBe(201);
    const id = created.body.data.id;

    const started = performance.now();
    const r = await test(id);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ ok: false, error: { code: "refused" } });
    expect(r.body.data.error.message).toMatch(/^tcp\+tls:\/\/127\.0\.0\.1:\d+ refused the connection/);

    const s = await status(id);
    expect(s.body.data).toMatchObject({ status: "down", lastError: r.body.data.error.message, hostInfo: null });
  });

  it("refuses a socket path that does not exist with 400, nothing saved", async () => {
    const before = await db.$count(servers);
    const r = await add(await serverBody(region.code, { docker: { kind: "socket", socketPath: "/var/run/nothing-here/docker.sock" } }));
    expect(r.status).toBe(400);
    expect(fieldCodes(r.body, "docker.socketPath")).toEqual(["socket_missing"]);
    expect(await db.$count(servers)).toBe(before);
  });

  it.skipIf(!image)("removes the canary's container with the server", async () => {
    const created = await add(await serverBody(region.code, { docker: { kind: "socket", socketPath: localSocket } }));
    const id = created.body.data.id;
    const containerName = unique("derp-canary-test");
    await docker!.createContainer({ Image: image!, name: containerName, Labels: { "derpmanagement.test": "servers-docker" } });
    await db.insert(relays).values({ serverId: id, kind: "canary", containerName, derpPort: 20000, stunPort: 30000, hostname: "203.0.113.10", state: "running" });

    expect((await del(id)).status).toBe(204);
    const inspected = await docker!
      .getContainer(containerName)
      .inspect()
      .then(
        () => "still there",
        (e: { statusCode?: number }) => e.statusCode,
      );
    expect(inspected).toBe(404);
    expect(await db.$count(relays, eq(relays.serverId, id))).toBe(0);
  });

  it("deletes a server whose engine does not answer, logging that its canary container could not be removed", async () => {
    const created = await add(await serverBody(region.code, { docker: await closedTlsDocker() }));
    const id = created.body.data.id;
    const containerName = unique("derp-canary-gone");
    await db.insert(relays).values({ serverId: id, kind: "canary", containerName, derpPort: 20000, stunPort: 30000, hostname: "203.0.113.10", state: "running" });
    expect((await del(id)).status).toBe(204);
    expect(await db.$count(servers, eq(servers.id, id))).toBe(0);
    const logs = await db.select().from(systemLog).where(eq(systemLog.source, "fleet"));
    expect(logs.some((l) => l.level === "warn" && l.message.includes(containerName) && /refused the connection/.test(l.message))).toBe(true);
  });
});

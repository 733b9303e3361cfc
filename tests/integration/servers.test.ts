import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/server/[id]/route";
import { POST as testRoute } from "@/app/api/server/[id]/test_connection/route";
import { POST as addRoute } from "@/app/api/add_server/route";
import { GET as listRoute } from "@/app/api/server/list/route";
import { GET as regionsRoute } from "@/app/api/server/regions/route";
import { GET as statusRoute } from "@/app/api/server/status/[id]/route";
import { DELETE as deleteRegionRoute } from "@/app/api/admin/regions/[id]/route";
import { queryRows, type Db } from "@/db/client";
import { auditLog, probeSamples, relays, rentals, servers, systemLog, type Region } from "@/db/schema";
import { openServerSecret } from "@/lib/fleet/servers/secrets";
import { authHeaders, call, createUser, jsonRequest, sessionUser, type TestUser } from "../helpers/auth";
import { makeCodes, makePlan } from "../helpers/billing";
import { testDb, unique } from "../helpers/db";
import { makeRegion } from "../helpers/regions";
import { fakeDockerSocket, fieldCodes, makeServer, pemBody, serverBody, sshKeyPair, testPki, WILDCARD_DOMAIN, type TestPki } from "../helpers/servers";
import { redeemSerial } from "@/lib/billing/redeem-serial";

let db: Db;
let admin: TestUser;
let alice: TestUser;
let region: Region;
let pki: TestPki;

beforeAll(async () => {
  db = (await testDb()).db;
  [admin, alice] = await Promise.all([createUser(db, { role: "admin" }), createUser(db)]);
  region = await makeRegion(db, sessionUser(admin), { nameEn: "Tokyo", nameZh: "东京" });
  pki = await testPki();
});

const asAdmin = () => authHeaders(admin, { "accept-language": "en" });

async function add(body: unknown, headers?: Record<string, string>) {
  return call(addRoute, jsonRequest("/api/add_server", { body, headers: headers ?? (await asAdmin()) }));
}
async function patch(id: string, body: unknown, headers?: Record<string, string>) {
  return call(patchRoute, jsonRequest(`/api/server/${id}`, { method: "PATCH", body, headers: headers ?? (await asAdmin()) }), { id });
}
async function del(id: string, headers?: Record<string, string>) {
  return call(deleteRoute, jsonRequest(`/api/server/${id}`, { method: "DELETE", headers: headers ?? (await asAdmin()) }), { id });
}
async function get(id: string, headers?: Record<string, string>) {
  return call(getRoute, jsonRequest(`/api/server/${id}`, { headers: headers ?? (await asAdmin()) }), { id });
}
async function status(id: string, headers?: Record<string, string>) {
  return call(statusRoute, jsonRequest(`/api/server/status/${id}`, { headers: headers ?? (await asAdmin()) }), { id });
}
async function list(query = "", headers?: Record<string, string>) {
  return call(listRoute, jsonRequest(`/api/server/list${query}`, { headers: headers ?? (await asAdmin()) }));
}
async function summary(headers?: Record<string, string>) {
  return call(regionsRoute, jsonRequest("/api/server/regions", { headers: headers ?? (await asAdmin()) }));
}

const serverCount = () => db.$count(servers);

describe("servers through the API", () => {
  it("adds (201), reads, lists, changes, enables, drains and deletes (204) a server, each audit-logged", async () => {
    const body = await serverBody(region.code, { name: unique("Tokyo-1") });
    const created = await add(body);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(["data"]);
    const server = created.body.data;
    expect(server).toMatchObject({
      name: body.name,
      region: { id: region.id, code: region.code, nameEn: "Tokyo", nameZh: "东京", active: true },
      publicIpv4: "203.0.113.10",
      publicIpv6: "2001:db8::10",
      derpNaming: "ip",
      derpDomain: null,
      wildcardCertPem: null,
      hasWildcardKey: false,
      derpPortMin: 20000,
      derpPortMax: 20099,
      stunPortMin: 30000,
      stunPortMax: 30099,
      capacity: 10,
      networkMode: "bridge",
      relayCpuLimit: 0.5,
      relayMemoryLimitBytes: 128 * 1024 * 1024,
      enabled: true,
      draining: false,
      docker: { kind: "socket", socketPath: await fakeDockerSocket() },
      status: "unknown",
      statusChangedAt: null,
      lastError: null,
      hostInfo: null,
      load: { relaysRunning: 0, relaysLive: 0, capacity: 10, ratio: 0 },
      latency: { https: null, stun: null },
    });
    expect(server.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const one = await get(server.id);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ data: server });

    const listed = await list(`?region=${region.code}`);
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(server.id);

    const renamed = await patch(server.id, { name: `${body.name}-renamed`, capacity: 20, publicIpv6: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ name: `${body.name}-renamed`, capacity: 20, publicIpv6: null, derpPortMax: 20099 });

    expect((await patch(server.id, { enabled: false })).body.data.enabled).toBe(false);
    expect((await patch(server.id, { draining: true })).body.data.draining).toBe(true);
    expect((await patch(server.id, { enabled: true, draining: false })).body.data).toMatchObject({ enabled: true, draining: false });

    const gone = await del(server.id);
    expect(gone.status).toBe(204);
    expect(gone.res.headers.get("content-type")).toBeNull();
    for (const r of [await get(server.id), await status(server.id), await patch(server.id, { capacity: 3 }), await del(server.id)]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("server_unknown");
    }

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetType, "server"), eq(auditLog.targetId, server.id)));
    expect(audit.map((a) => a.action).sort()).toEqual([
      "server.create",
      "server.delete",
      "server.disable",
      "server.drain",
      "server.enable",
      "server.undrain",
      "server.update",
    ]);
    const update = audit.find((a) => a.action === "server.update")!;
    expect(update).toMatchObject({
      actorId: admin.id,
      details: { before: { name: body.name, capacity: 10, publicIpv6: "2001:db8::10" }, after: { name: `${body.name}-renamed`, capacity: 20, publicIpv6: null } },
    });
  });

  it("answers 404 server_unknown for ids that name no server, uuid or not", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1"]) {
      for (const r of [await get(id), await status(id), await patch(id, { capacity: 2 }), await del(id)]) {
        expect({ id, status: r.status, code: r.body.error.code }).toEqual({ id, status: 404, code: "server_unknown" });
      }
      const t = await call(testRoute, jsonRequest(`/api/server/${id}/test_connection`, { method: "POST", headers: await asAdmin() }), { id });
      expect({ id, status: t.status, code: t.body.error.code }).toEqual({ id, status: 404, code: "server_unknown" });
    }
  });

  it("pages the list with an opaque cursor and filters by region, status and enabled", async () => {
    const other = await makeRegion(db, sessionUser(admin));
    const prefix = unique("page");
    const made = [];
    for (const [i, n] of ["c", "A", "b"].entries()) {
      made.push(await makeServer(db, sessionUser(admin), other.code, { name: `${prefix}-${n}` }));
      // Distinct creation times, so the order does not hang on the id tie-break.
      await db.update(servers).set({ createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }).where(eq(servers.id, made[i].id));
    }
    await patch(made[1].id, { enabled: false });
    await db.update(servers).set({ status: "down" }).where(eq(servers.id, made[2].id));

    // Newest first.
    const first = await list(`?region=${other.code}&limit=2`);
    expect(first.body.items.map((s: { name: string }) => s.name)).toEqual([`${prefix}-b`, `${prefix}-A`]);
    expect(typeof first.body.nextCursor).toBe("string");
    const second = await list(`?region=${other.code}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((s: { name: string }) => s.name)).toEqual([`${prefix}-c`]);
    expect(second.body.nextCursor).toBeNull();

    expect((await list(`?region=${other.code}&enabled=false`)).body.items.map((s: { id: string }) => s.id)).toEqual([made[1].id]);
    expect((await list(`?region=${other.code}&status=down`)).body.items.map((s: { id: string }) => s.id)).toEqual([made[2].id]);
    expect((await list(`?region=mars-9`)).body.items).toEqual([]);

    for (const cursor of ["nope", Buffer.from(JSON.stringify(["a"])).toString("base64url"), Buffer.from('["a\\u0000","x"]').toString("base64url")]) {
      const bad = await list(`?cursor=${cursor}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe("invalid_cursor");
    }
    for (const q of ["?limit=0", "?limit=101", "?status=sideways", "?enabled=maybe", "?region=Not%20A%20Code"]) {
      expect((await list(q)).status, q).toBe(400);
    }
  });
});

describe("bad input", () => {
  it("refuses every bad field with 400 naming the field and its code, and saves nothing", async () => {
    const inactive = await makeRegion(db, sessionUser(admin), { active: false });
    const notSocket = path.join(os.tmpdir(), `${unique("plain-file")}.sock`);
    writeFileSync(notSocket, "not a socket");
    const ssh = sshKeyPair();
    const tls = (fields: Record<string, unknown>) => ({
      docker: { kind: "tls", host: "docker.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem, ...fields },
    });
    const sshDocker = (fields: Record<string, unknown>) => ({
      docker: { kind: "ssh", host: "203.0.113.10", port: 22, username: "deploy", privateKey: ssh.privateKey, hostKeySha256: `SHA256:${"A".repeat(43)}`, ...fields },
    });
    const domain = (fields: Record<string, unknown>) => ({
      derpNaming: "domain",
      derpDomain: WILDCARD_DOMAIN,
      wildcardCertPem: pki.wildcard.certPem,
      wildcardKeyPem: pki.wildcard.keyPem,
      ...fields,
    });
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["inverted DERP range", { derpPortMin: 20099, derpPortMax: 20000 }, "derpPortMax", "port_range_inverted"],
      ["inverted STUN range", { stunPortMin: 30099, stunPortMax: 30000 }, "stunPortMax", "port_range_inverted"],
      ["port 0", { derpPortMin: 0 }, "derpPortMin", "number_too_small"],
      ["port above 65535", { stunPortMax: 65536 }, "stunPortMax", "number_too_big"],
      ["a port as text", { derpPortMin: "20000" }, "derpPortMin", "number_expected"],
      ["a fractional port", { derpPortMin: 20000.5 }, "derpPortMin", "whole_number_expected"],
      ["overlapping ranges", { stunPortMin: 20050, stunPortMax: 20200 }, "stunPortMin", "port_ranges_overlap"],
      ["STUN range inside DERP", { derpPortMin: 1000, derpPortMax: 9000, stunPortMin: 3000, stunPortMax: 3100 }, "stunPortMin", "port_ranges_overlap"],
      ["DERP range below capacity + 1", { capacity: 100 }, "derpPortMax", "port_range_too_small"],
      ["STUN range of exactly capacity", { capacity: 10, stunPortMin: 30000, stunPortMax: 30009 }, "stunPortMax", "port_range_too_small"],
      ["capacity 0", { capacity: 0 }, "capacity", "number_too_small"],
      ["capacity as text", { capacity: "5" }, "capacity", "number_expected"],
      ["no name", { name: "  " }, "name", "text_too_short"],
      ["unknown region", { region: "mars-1" }, "region", "region_unknown"],
      ["inactive region", { region: inactive.code }, "region", "region_inactive"],
      ["no IPv4", { publicIpv4: undefined }, "publicIpv4", "field_required"],
      ["bad IPv4", { publicIpv4: "203.0.113" }, "publicIpv4", "ipv4_invalid"],
      ["IPv6 as IPv4", { publicIpv4: "2001:db8::1" }, "publicIpv4", "ipv4_invalid"],
      ["bad IPv6", { publicIpv6: "2001:db8:::1" }, "publicIpv6", "ipv6_invalid"],
      ["CPU limit too small", { relayCpuLimit: 0.01 }, "relayCpuLimit", "number_too_small"],
      ["CPU limit too large", { relayCpuLimit: 65 }, "relayCpuLimit", "number_too_big"],
      ["memory limit below 32 MiB", { relayMemoryLimitBytes: 1024 * 1024 }, "relayMemoryLimitBytes", "number_too_small"],
      ["unknown network mode", { networkMode: "overlay" }, "networkMode", "invalid_value"],
      ["plain TCP", { docker: { kind: "tcp", host: "docker.example.net", port: 2375 } }, "docker.kind", "docker_kind_invalid"],
      ["no Docker settings", { docker: undefined }, "docker", "field_required"],
      ["missing socket", { docker: { kind: "socket", socketPath: "/nonexistent/derp/docker.sock" } }, "docker.socketPath", "socket_missing"],
      ["a file, not a socket", { docker: { kind: "socket", socketPath: notSocket } }, "docker.socketPath", "socket_not_socket"],
      ["relative socket path", { docker: { kind: "socket", socketPath: "docker.sock" } }, "docker.socketPath", "socket_path_absolute"],
      ["TLS: unreadable CA", tls({ ca: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n" }), "docker.ca", "certificate_invalid"],
      ["TLS: CA not PEM", tls({ ca: "hello" }), "docker.ca", "certificate_invalid"],
      ["TLS: unreadable client certificate", tls({ cert: "garbage" }), "docker.cert", "certificate_invalid"],
      ["TLS: unreadable key", tls({ key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }), "docker.key", "private_key_invalid"],
      ["TLS: key of another certificate", tls({ key: pki.other.keyPem }), "docker.key", "key_mismatch"],
      ["TLS: no key", tls({ key: undefined }), "docker.key", "field_required"],
      ["TLS: no port", tls({ port: undefined }), "docker.port", "field_required"],
      ["TLS: bad host", tls({ host: "not a host!" }), "docker.host", "host_invalid"],
      ["SSH: malformed key", sshDocker({ privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n" }), "docker.privateKey", "ssh_key_invalid"],
      ["SSH: a public key", sshDocker({ privateKey: ssh.publicKey }), "docker.privateKey", "ssh_key_invalid"],
      ["SSH: no key", sshDocker({ privateKey: undefined }), "docker.privateKey", "field_required"],
      ["SSH: bad host key", sshDocker({ hostKeySha256: "MD5:aa:bb" }), "docker.hostKeySha256", "ssh_host_key_invalid"],
      ["SSH: bad user", sshDocker({ username: "root; rm -rf /" }), "docker.username", "ssh_user_invalid"],
      ["domain: none", domain({ derpDomain: undefined }), "derpDomain", "field_required"],
      ["domain: one label", domain({ derpDomain: "localhost" }), "derpDomain", "domain_invalid"],
      ["domain: unreadable certificate", domain({ wildcardCertPem: "nope" }), "wildcardCertPem", "certificate_invalid"],
      ["domain: no certificate", domain({ wildcardCertPem: undefined }), "wildcardCertPem", "field_required"],
      ["domain: no key", domain({ wildcardKeyPem: undefined }), "wildcardKeyPem", "field_required"],
      ["domain: unreadable key", domain({ wildcardKeyPem: "nope" }), "wildcardKeyPem", "private_key_invalid"],
      ["domain: key of another certificate", domain({ wildcardKeyPem: pki.client.keyPem }), "wildcardKeyPem", "key_mismatch"],
      ["domain: not a wildcard", domain({ wildcardCertPem: pki.plainName.certPem, wildcardKeyPem: pki.plainName.keyPem }), "wildcardCertPem", "certificate_not_wildcard"],
      ["domain: other domain", domain({ derpDomain: "relays.example.org" }), "wildcardCertPem", "certificate_not_wildcard"],
      ["domain: expired", domain({ wildcardCertPem: pki.expiredWildcard.certPem, wildcardKeyPem: pki.expiredWildcard.keyPem }), "wildcardCertPem", "certificate_expired"],
    ];
    const before = await serverCount();
    const auditBefore = await db.$count(auditLog, eq(auditLog.action, "server.create"));
    for (const [label, fields, field, code] of cases) {
      const r = await add(await serverBody(region.code, fields));
      expect({ label, status: r.status }).toEqual({ label, status: 400 });
      expect(r.body.error.code, label).toBe("validation");
      expect({ label, field, codes: fieldCodes(r.body, field) }).toEqual({ label, field, codes: expect.arrayContaining([code]) });
    }
    expect(await serverCount()).toBe(before);
    expect(await db.$count(auditLog, eq(auditLog.action, "server.create"))).toBe(auditBefore);
  });

  it("names every problem at once", async () => {
    const r = await add(await serverBody("mars-1", { derpPortMin: 20099, derpPortMax: 20000, docker: { kind: "socket", socketPath: "/nonexistent.sock" } }));
    expect(r.status).toBe(400);
    expect(fieldCodes(r.body, "region")).toEqual(["region_unknown"]);
    expect(fieldCodes(r.body, "derpPortMax")).toEqual(["port_range_inverted"]);
    expect(fieldCodes(r.body, "docker.socketPath")).toEqual(["socket_missing"]);
  });

  it("refuses a second server of the same name, whatever its case (409 server_name_taken)", async () => {
    const name = unique("Dup");
    expect((await add(await serverBody(region.code, { name }))).status).toBe(201);
    const dup = await add(await serverBody(region.code, { name: name.toUpperCase() }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("server_name_taken");
    expect(fieldCodes(dup.body, "name")).toEqual(["server_name_taken"]);
    const other = await makeServer(db, sessionUser(admin), region.code);
    expect((await patch(other.id, { name: name.toLowerCase() })).body.error.code).toBe("server_name_taken");
  });

  it("refuses bad changes with 400 and leaves the server as it was", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code);
    const [rowBefore] = await db.select().from(servers).where(eq(servers.id, server.id));
    const inactive = await makeRegion(db, sessionUser(admin), { active: false });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ derpPortMax: 19000 }, "derpPortMax", "port_range_inverted"],
      [{ stunPortMin: 20000 }, "stunPortMin", "port_ranges_overlap"],
      [{ capacity: 100 }, "derpPortMax", "port_range_too_small"],
      [{ capacity: 0 }, "capacity", "number_too_small"],
      [{ region: inactive.code }, "region", "region_inactive"],
      [{ docker: { kind: "socket", socketPath: "/nonexistent/docker.sock" } }, "docker.socketPath", "socket_missing"],
      [{ docker: { kind: "tls", host: "h.example", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem } }, "docker.key", "field_required"],
      [{ derpNaming: "domain" }, "derpDomain", "field_required"],
      [{ publicIpv4: null }, "publicIpv4", "invalid_type"],
    ];
    for (const [fields, field, code] of cases) {
      const r = await patch(server.id, fields);
      expect({ fields, status: r.status }).toEqual({ fields, status: 400 });
      expect({ fields, codes: fieldCodes(r.body, field) }).toEqual({ fields, codes: expect.arrayContaining([code]) });
    }
    const [rowAfter] = await db.select().from(servers).where(eq(servers.id, server.id));
    expect(rowAfter).toEqual(rowBefore);
  });

  it("keeps the ports that live relays hold inside the ranges", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code);
    await insertRelay(server.id, { derpPort: 20090, stunPort: 30090 });
    const r = await patch(server.id, { derpPortMax: 20050, stunPortMax: 30050 });
    expect(r.status).toBe(400);
    expect(fieldCodes(r.body, "derpPortMin")).toEqual(["port_range_excludes_relays"]);
    expect(fieldCodes(r.body, "stunPortMin")).toEqual(["port_range_excludes_relays"]);
    expect((await patch(server.id, { derpPortMax: 20095 })).status).toBe(200);
  });
});

describe("secrets", () => {
  it("never answers the TLS key, SSH key or wildcard key, and stores them sealed", async () => {
    const ssh = sshKeyPair();
    const tlsServer = await add(
      await serverBody(region.code, {
        ...domainFields(),
        docker: { kind: "tls", host: "127.0.0.1", port: 1, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem },
      }),
    );
    expect(tlsServer.status, JSON.stringify(tlsServer.body)).toBe(201);
    expect(tlsServer.body.data).toMatchObject({
      derpNaming: "domain",
      derpDomain: WILDCARD_DOMAIN,
      hasWildcardKey: true,
      wildcardCertificate: { dnsNames: [`*.${WILDCARD_DOMAIN}`] },
      docker: { kind: "tls", host: "127.0.0.1", port: 1, ca: pki.ca.certPem, cert: pki.client.certPem, hasKey: true },
    });
    const hexKey = "ab".repeat(32);
    const sshServer = await add(
      await serverBody(region.code, {
        docker: { kind: "ssh", host: "relay-7.example.net", port: 2222, username: "deploy", privateKey: ssh.privateKey, hostKeySha256: hexKey },
      }),
    );
    expect(sshServer.status).toBe(201);
    // The hex form of a fingerprint is stored as docker-client pins it.
    expect(sshServer.body.data.docker).toEqual({
      kind: "ssh",
      host: "relay-7.example.net",
      port: 2222,
      username: "deploy",
      hostKeySha256: `SHA256:${Buffer.from(hexKey, "hex").toString("base64").replace(/=+$/, "")}`,
      hasPrivateKey: true,
    });

    const secrets = [pki.client.keyPem, pki.wildcard.keyPem, ssh.privateKey].map(pemBody);
    const chunks = secrets.map((s) => s.slice(10, 40));
    const answers = [
      tlsServer,
      sshServer,
      await get(tlsServer.body.data.id),
      await get(sshServer.body.data.id),
      await status(tlsServer.body.data.id),
      await list(`?region=${region.code}&limit=100`),
      await patch(tlsServer.body.data.id, { capacity: 11 }),
      await patch(sshServer.body.data.id, { capacity: 11 }),
    ];
    for (const a of answers) {
      const text = JSON.stringify(a.body);
      for (const chunk of chunks) expect(text.includes(chunk)).toBe(false);
      expect(text).not.toMatch(/PRIVATE KEY/);
      expect(text).not.toMatch(/Sealed/);
    }

    for (const [answer, secret] of [
      [tlsServer, pki.client.keyPem],
      [sshServer, ssh.privateKey],
    ] as const) {
      const id = answer.body.data.id;
      const [raw] = await queryRows<{ docker_connection: unknown; docker_secret_sealed: Buffer | Uint8Array }>(
        db,
        sql`select docker_connection, docker_secret_sealed from servers where id = ${id}`,
      );
      const sealed = Buffer.from(raw.docker_secret_sealed);
      expect(sealed.includes(Buffer.from(pemBody(secret).slice(0, 30)))).toBe(false);
      expect(sealed.toString("latin1")).not.toMatch(/PRIVATE KEY/);
      expect(JSON.stringify(raw.docker_connection)).not.toMatch(/PRIVATE KEY/);
      expect(openServerSecret(id, "docker", sealed)).toBe(secret);
      // Bound to its server: another id does not open it.
      expect(() => openServerSecret(sshServer.body.data.id === id ? tlsServer.body.data.id : sshServer.body.data.id, "docker", sealed)).toThrow();
    }
    const [row] = await db.select().from(servers).where(eq(servers.id, tlsServer.body.data.id));
    expect(row.wildcardKeySealed!.toString("latin1")).not.toMatch(/PRIVATE KEY/);
    expect(openServerSecret(row.id, "wildcard", row.wildcardKeySealed!)).toBe(pki.wildcard.keyPem);

    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, tlsServer.body.data.id));
    const auditText = JSON.stringify(audit);
    for (const chunk of chunks) expect(auditText.includes(chunk)).toBe(false);
  });

  it("keeps a stored secret when an update leaves it out, and requires one when the kind changes", async () => {
    const ssh = sshKeyPair();
    const created = await add(
      await serverBody(region.code, {
        ...domainFields(),
        docker: { kind: "tls", host: "docker.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem },
      }),
    );
    const id = created.body.data.id;
    const sealedBefore = (await db.select().from(servers).where(eq(servers.id, id)))[0];

    // The form sends every field again, secrets left empty.
    const resent = await patch(id, {
      derpDomain: WILDCARD_DOMAIN,
      wildcardCertPem: pki.wildcard.certPem,
      docker: { kind: "tls", host: "docker2.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem },
    });
    expect(resent.status).toBe(200);
    expect(resent.body.data.docker).toMatchObject({ host: "docker2.example.net", hasKey: true });
    const [after] = await db.select().from(servers).where(eq(servers.id, id));
    expect(openServerSecret(id, "docker", after.dockerSecretSealed!)).toBe(pki.client.keyPem);
    expect(after.wildcardKeySealed!.equals(sealedBefore.wildcardKeySealed!)).toBe(true);

    // A new client certificate whose key is not the stored one is refused: the key must come with it.
    const mismatch = await patch(id, { docker: { kind: "tls", host: "docker2.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.other.certPem } });
    expect(fieldCodes(mismatch.body, "docker.key")).toEqual(["key_mismatch"]);
    const withKey = await patch(id, {
      docker: { kind: "tls", host: "docker2.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.other.certPem, key: pki.other.keyPem },
    });
    expect(withKey.status).toBe(200);

    const toSsh = await patch(id, { docker: { kind: "ssh", host: "docker2.example.net", username: "deploy", hostKeySha256: `SHA256:${"B".repeat(43)}` } });
    expect(fieldCodes(toSsh.body, "docker.privateKey")).toEqual(["field_required"]);
    const sshOk = await patch(id, {
      docker: { kind: "ssh", host: "docker2.example.net", username: "deploy", privateKey: ssh.privateKey, hostKeySha256: `SHA256:${"B".repeat(43)}` },
    });
    expect(sshOk.body.data.docker).toEqual({ kind: "ssh", host: "docker2.example.net", port: 22, username: "deploy", hostKeySha256: `SHA256:${"B".repeat(43)}`, hasPrivateKey: true });

    // IP naming drops the wildcard certificate and key; going back needs them again.
    const ip = await patch(id, { derpNaming: "ip" });
    expect(ip.body.data).toMatchObject({ derpNaming: "ip", derpDomain: null, wildcardCertPem: null, hasWildcardKey: false });
    const back = await patch(id, { derpNaming: "domain", derpDomain: WILDCARD_DOMAIN, wildcardCertPem: pki.wildcard.certPem });
    expect(fieldCodes(back.body, "wildcardKeyPem")).toEqual(["field_required"]);

    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "server.update")));
    expect(audit.map((a) => (a.details as { secretsReplaced: string[] }).secretsReplaced)).toEqual(expect.arrayContaining([[], ["docker"]]));
  });
});

describe("status", () => {
  it("goes back to unknown when the Docker settings change, and not on other edits", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code);
    const checkedAt = new Date(Date.UTC(2026, 0, 1));
    await db.update(servers).set({ status: "down", lastError: "refused", lastCheckedAt: checkedAt }).where(eq(servers.id, server.id));
    expect((await patch(server.id, { capacity: 12, docker: server.docker })).body.data).toMatchObject({ status: "down", lastError: "refused" });
    const moved = await patch(server.id, {
      docker: { kind: "tls", host: "docker.example.net", port: 2376, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem },
    });
    expect(moved.body.data).toMatchObject({ status: "unknown", lastError: null, lastCheckedAt: checkedAt.toISOString() });
    const logged = await db.select().from(systemLog).where(and(eq(systemLog.source, "fleet"), eq(systemLog.message, `server ${server.name} is unknown (was down)`)));
    expect(logged).toHaveLength(1);
  });
});

describe("access", () => {
  it("refuses customers (403 forbidden) and anonymous callers (401 unauthorized) on every server route, changing nothing", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code);
    const body = await serverBody(region.code);
    const attempts = (headers: Record<string, string>) => [
      () => add(body, headers),
      () => list("", headers),
      () => summary(headers),
      () => get(server.id, headers),
      () => status(server.id, headers),
      () => patch(server.id, { enabled: false }, headers),
      () => del(server.id, headers),
      () => call(testRoute, jsonRequest(`/api/server/${server.id}/test_connection`, { method: "POST", headers }), { id: server.id }),
    ];
    for (const attempt of attempts(await authHeaders(alice))) {
      const r = await attempt();
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("forbidden");
    }
    for (const attempt of attempts({})) {
      const r = await attempt();
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("unauthorized");
    }
    const [row] = await db.select().from(servers).where(eq(servers.id, server.id));
    expect(row.enabled).toBe(true);
    expect(await db.$count(servers, eq(servers.name, body.name as string))).toBe(0);
  });
});

describe("relays, deletion and regions", () => {
  it("refuses to delete a server with a customer relay (409 server_has_relays) and deletes it once released", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code);
    const relay = await insertRelay(server.id, { state: "running" });
    const refused = await del(server.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("server_has_relays");
    expect(refused.body.error.message).toBe("This server still runs 1 customer relay: drain it first and delete it when they are gone.");
    expect(await db.$count(servers, eq(servers.id, server.id))).toBe(1);

    await db.update(relays).set({ state: "released" }).where(eq(relays.id, relay.id));
    expect((await del(server.id)).status).toBe(204);
    expect(await db.$count(servers, eq(servers.id, server.id))).toBe(0);
    expect(await db.$count(relays, eq(relays.serverId, server.id))).toBe(0);
  });

  it("refuses to delete a region while a server uses it (409 region_in_use)", async () => {
    const own = await makeRegion(db, sessionUser(admin));
    const server = await makeServer(db, sessionUser(admin), own.code);
    const refused = await call(deleteRegionRoute, jsonRequest(`/api/admin/regions/${own.id}`, { method: "DELETE", headers: await asAdmin() }), { id: own.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "region_in_use", message: "This region is in use (0 rentals, 1 server): deactivate it instead of deleting it." });
    expect((await del(server.id)).status).toBe(204);
    const deleted = await call(deleteRegionRoute, jsonRequest(`/api/admin/regions/${own.id}`, { method: "DELETE", headers: await asAdmin() }), { id: own.id });
    expect(deleted.status).toBe(204);
  });

  it("reports status, load, the newest latency per probe kind and the relays", async () => {
    const server = await makeServer(db, sessionUser(admin), region.code, { capacity: 4 });
    const canary = await insertRelay(server.id, { kind: "canary", state: "running", derpPort: 20000, stunPort: 30000 });
    await insertRelay(server.id, { state: "running", derpPort: 20001, stunPort: 30001 });
    await insertRelay(server.id, { state: "creating", derpPort: 20002, stunPort: 30002 });
    await insertRelay(server.id, { state: "released", derpPort: 20003, stunPort: 30003 });
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    await db.insert(probeSamples).values([
      { serverId: server.id, relayId: canary.id, kind: "https", at: t(1), ok: true, rttMs: 30 },
      { serverId: server.id, relayId: canary.id, kind: "https", at: t(3), ok: true, rttMs: 12.5 },
      { serverId: server.id, relayId: canary.id, kind: "stun", at: t(2), ok: false, rttMs: null, error: "no answer" },
      { serverId: server.id, relayId: canary.id, kind: "stun", at: t(0), ok: true, rttMs: 9 },
    ]);
    const r = await status(server.id);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      id: server.id,
      status: "unknown",
      load: { relaysRunning: 1, relaysLive: 2, capacity: 4, ratio: 0.25 },
      latency: {
        https: { at: t(3).toISOString(), ok: true, rttMs: 12.5, error: null },
        stun: { at: t(2).toISOString(), ok: false, rttMs: null, error: "no answer" },
      },
    });
    expect(r.body.data.relays.map((x: { kind: string; derpPort: number }) => `${x.kind}:${x.derpPort}`)).toEqual(["canary:20000", "customer:20001", "customer:20002"]);
    const listed = (await list(`?region=${region.code}&limit=100`)).body.items.find((s: { id: string }) => s.id === server.id);
    expect(listed.latency.https.rttMs).toBe(12.5);
    expect(listed.load.relaysRunning).toBe(1);
  });

  it("summarizes each region: servers, customers, relays, capacity and load", async () => {
    const own = await makeRegion(db, sessionUser(admin));
    const a = await makeServer(db, sessionUser(admin), own.code, { capacity: 4 });
    const b = await makeServer(db, sessionUser(admin), own.code, { capacity: 6 });
    await makeServer(db, sessionUser(admin), own.code, { capacity: 50, enabled: false, derpPortMax: 20199, stunPortMax: 30199 });
    await db.update(servers).set({ status: "up" }).where(eq(servers.id, a.id));
    await insertRelay(a.id, { state: "running", derpPort: 20001, stunPort: 30001 });
    await insertRelay(b.id, { state: "running", derpPort: 20001, stunPort: 30001 });
    await insertRelay(b.id, { state: "stopped", derpPort: 20002, stunPort: 30002 });
    await insertRelay(b.id, { kind: "canary", state: "running", derpPort: 20000, stunPort: 30000 });
    // Two customers with live rentals in the region (one with two), one with a released rental.
    const plan = await makePlan(db, sessionUser(admin));
    const { codes } = await makeCodes(db, sessionUser(admin), plan, 4);
    const [c1, c2, c3] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    await redeemSerial(db, sessionUser(c1), { code: codes[0], region: own.code });
    await redeemSerial(db, sessionUser(c2), { code: codes[1], region: own.code });
    const released = await redeemSerial(db, sessionUser(c3), { code: codes[2], region: own.code });
    await db.update(rentals).set({ status: "released" }).where(eq(rentals.id, released.rental.id));

    const r = await summary();
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    const row = r.body.items.find((x: { region: { code: string } }) => x.region.code === own.code);
    expect(row).toEqual({
      region: { id: own.id, code: own.code, nameEn: own.nameEn, nameZh: own.nameZh, active: true },
      servers: 3,
      enabledServers: 2,
      serversByStatus: { up: 1, degraded: 0, down: 0, unknown: 2 },
      customers: 2,
      relays: 3,
      relaysRunning: 2,
      capacity: 10,
      load: 0.2,
    });
  });
});

function domainFields() {
  return { derpNaming: "domain", derpDomain: `*.${WILDCARD_DOMAIN}`, wildcardCertPem: pki.wildcard.certPem, wildcardKeyPem: pki.wildcard.keyPem };
}

let relayPort = 20010;

async function insertRelay(
  serverId: string,
  fields: Partial<{ kind: "canary" | "customer"; state: "creating" | "running" | "stopped" | "failed" | "released"; derpPort: number; stunPort: number }> = {},
) {
  const port = relayPort++;
  const [relay] = await db
    .insert(relays)
    .values({
      serverId,
      kind: fields.kind ?? "customer",
      containerName: unique("derp-relay"),
      derpPort: fields.derpPort ?? port,
      stunPort: fields.stunPort ?? port + 10000,
      hostname: "203.0.113.10",
      state: fields.state ?? "running",
    })
    .returning();
  return relay;
}

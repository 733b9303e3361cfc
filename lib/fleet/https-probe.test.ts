import https from "node:https";
import net, { type AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestCa, type TestCa } from "@/tests/helpers/test-pki";
import { probeHttps } from "./https-probe";
import { createRelayCertificate, type RelayCertificate } from "./relay-cert";

const servers: net.Server[] = [];

/** A stand-in relay: /derp/probe answers `status`, everything else 404. */
async function relay(cert: string, key: string, status = 200): Promise<number> {
  const server = https.createServer({ cert, key }, (req, res) => {
    res.writeHead(req.url === "/derp/probe" && req.method === "GET" ? status : 404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.close();
    (s as https.Server).closeAllConnections?.();
  }
});

let own: RelayCertificate;
let other: RelayCertificate;
let ca: TestCa;

beforeAll(async () => {
  own = await createRelayCertificate("127.0.0.1");
  other = await createRelayCertificate("127.0.0.1");
  ca = await createTestCa();
});

describe("probeHttps with a CertName pin", () => {
  it("succeeds against the pinned certificate and times the round trip", async () => {
    const port = await relay(own.certPem, own.keyPem);
    const result = await probeHttps({ host: "127.0.0.1", port, certName: own.certName });
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.rttMs).toBeGreaterThan(0);
    expect(result.connectMs).toBeGreaterThan(0);
  });

  it("fails when the relay serves another certificate, naming both pins", async () => {
    const port = await relay(other.certPem, other.keyPem);
    const result = await probeHttps({ host: "127.0.0.1", port, certName: own.certName });
    expect(result).toMatchObject({ ok: false, status: null, rttMs: null });
    expect(result.error).toBe(
      `the relay presented another certificate (${other.certName}) than its CertName pins (${own.certName})`,
    );
  });

  it("fails when the pinned certificate is for another IP or out of its dates", async () => {
    const elsewhere = await createRelayCertificate("127.0.0.2");
    const port = await relay(elsewhere.certPem, elsewhere.keyPem);
    expect(await probeHttps({ host: "127.0.0.1", port, certName: elsewhere.certName })).toMatchObject({
      ok: false,
      error: "the pinned certificate is not valid for 127.0.0.1",
    });

    const old = await createRelayCertificate("127.0.0.1", { now: new Date(Date.now() - 40 * 86_400_000), validityDays: 30 });
    const oldPort = await relay(old.certPem, old.keyPem);
    const expired = await probeHttps({ host: "127.0.0.1", port: oldPort, certName: old.certName });
    expect(expired.ok).toBe(false);
    expect(expired.error).toMatch(/^the pinned certificate expired on \d{4}-/);
  });

  it("fails on a chain even when the leaf matches", async () => {
    const leaf = await ca.issue({ commonName: "127.0.0.1", sans: ["127.0.0.1"], usage: "server" });
    const port = await relay(leaf.certPem + ca.certPem, leaf.keyPem);
    const { certNameFromPem } = await import("./relay-cert");
    const result = await probeHttps({ host: "127.0.0.1", port, certName: certNameFromPem(leaf.certPem) });
    expect(result).toMatchObject({ ok: false, error: "the relay presented a certificate chain; a pinned relay must serve its leaf alone" });
  });

  it("reports a non-200 answer with its status", async () => {
    const port = await relay(own.certPem, own.keyPem, 503);
    expect(await probeHttps({ host: "127.0.0.1", port, certName: own.certName })).toMatchObject({
      ok: false,
      status: 503,
      error: "/derp/probe answered HTTP 503",
    });
  });

  it("refuses a malformed pin without connecting", async () => {
    expect(await probeHttps({ host: "127.0.0.1", port: 1, certName: "sha256:abc" })).toMatchObject({
      ok: false,
      error: 'CertName "sha256:abc" is not sha256-raw:<64 hex digits>',
    });
  });
});

describe("probeHttps without a pin (wildcard-domain relays)", () => {
  it("verifies against the CA list given and the relay's name", async () => {
    const leaf = await ca.issue({ commonName: "c42.derp.test", sans: ["c42.derp.test"], usage: "server" });
    const port = await relay(leaf.certPem, leaf.keyPem);
    expect(await probeHttps({ host: "127.0.0.1", port, hostname: "c42.derp.test", ca: ca.certPem })).toMatchObject({
      ok: true,
      status: 200,
    });

    const wrongName = await probeHttps({ host: "127.0.0.1", port, hostname: "c43.derp.test", ca: ca.certPem });
    expect(wrongName.ok).toBe(false);
    expect(wrongName.error).toBe("certificate is not valid for this host name (ERR_TLS_CERT_ALTNAME_INVALID)");

    const untrusted = await probeHttps({ host: "127.0.0.1", port, hostname: "c42.derp.test" });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.error).toMatch(/not signed by a trusted CA/);
  });

  it("refuses a self-signed relay certificate when no pin is given", async () => {
    const port = await relay(own.certPem, own.keyPem);
    const result = await probeHttps({ host: "127.0.0.1", port });
    expect(result.ok).toBe(false);
    expect(result.error).toBe("self-signed certificate, and the relay has no CertName pin (DEPTH_ZERO_SELF_SIGNED_CERT)");
  });
});

describe("probeHttps against dead and hung relays", () => {
  it("reports a refused connection at once", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const result = await probeHttps({ host: "127.0.0.1", port, certName: own.certName });
    expect(result).toMatchObject({ ok: false, error: "connection refused (nothing listens there) (ECONNREFUSED)" });
  });

  it("gives up on a relay that accepts but never answers, within the timeout", async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const started = performance.now();
    const result = await probeHttps({ host: "127.0.0.1", port, certName: own.certName }, { timeoutMs: 300 });
    const took = performance.now() - started;
    expect(result).toMatchObject({ ok: false, error: `HTTPS probe of 127.0.0.1:${port} did not finish within 300 ms` });
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1_500);
    sockets.forEach((s) => s.destroy());
  });
});

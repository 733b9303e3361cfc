import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { utils as sshUtils } from "ssh2";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/current-user";
import { createServer } from "@/lib/fleet/servers/create-server";
import { serverInput } from "@/lib/fleet/servers/schemas";
import type { ServerView } from "@/lib/fleet/servers/server-view";
import { unique } from "./db";
import { createTestCa, type Pem, type TestCa } from "./test-pki";

/**
 * Servers for tests: a Unix socket that exists (nothing answers on it; tests that need a real engine use the
 * local Docker socket), valid JSON bodies for POST /api/add_server, and the PEM/SSH material the connection kinds
 * and domain naming take.
 */

let socketPath: Promise<string> | undefined;

/** A listening Unix socket in a temp folder: passes the "must exist and be a socket" rule. */
export function fakeDockerSocket(): Promise<string> {
  socketPath ??= new Promise((resolve, reject) => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "derp-fake-docker-")), "docker.sock");
    const server = net.createServer((s) => s.destroy());
    server.on("error", reject);
    server.listen(file, () => {
      server.unref();
      resolve(file);
    });
  });
  return socketPath;
}

/** A valid body: IP naming, DERP 20000-20099, STUN 30000-30099, capacity 10, the fake socket. */
export async function serverBody(regionCode: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    name: unique("srv"),
    region: regionCode,
    publicIpv4: "203.0.113.10",
    publicIpv6: "2001:db8::10",
    derpNaming: "ip",
    derpPortMin: 20000,
    derpPortMax: 20099,
    stunPortMin: 30000,
    stunPortMax: 30099,
    capacity: 10,
    networkMode: "bridge",
    relayCpuLimit: 0.5,
    relayMemoryLimitBytes: 128 * 1024 * 1024,
    docker: { kind: "socket", socketPath: await fakeDockerSocket() },
    ...overrides,
  };
}

export async function makeServer(db: Db, admin: SessionUser, regionCode: string, overrides: Record<string, unknown> = {}): Promise<ServerView> {
  return createServer(db, admin, serverInput.parse(await serverBody(regionCode, overrides)));
}

export interface TestPki {
  ca: TestCa;
  /** A client certificate for mutual TLS to an engine. */
  client: Pem;
  /** Another client certificate, whose key does not match `client`. */
  other: Pem;
  /** `*.derp.test.example` with its key; an expired one; one for a single name only. */
  wildcard: Pem;
  expiredWildcard: Pem;
  plainName: Pem;
}

let pki: Promise<TestPki> | undefined;

export const WILDCARD_DOMAIN = "derp.test.example";

export function testPki(): Promise<TestPki> {
  pki ??= (async () => {
    const ca = await createTestCa();
    const [client, other, wildcard, expiredWildcard, plainName] = await Promise.all([
      ca.issue({ commonName: "docker client", usage: "client" }),
      ca.issue({ commonName: "another client", usage: "client" }),
      // Operators' certificates run for months; one that ends within a day is refused.
      ca.issue({ commonName: `*.${WILDCARD_DOMAIN}`, sans: [`*.${WILDCARD_DOMAIN}`], usage: "server", notAfter: new Date(Date.now() + 90 * 86_400_000) }),
      ca.issue({
        commonName: `*.${WILDCARD_DOMAIN}`,
        sans: [`*.${WILDCARD_DOMAIN}`],
        usage: "server",
        notBefore: new Date(Date.now() - 10 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      }),
      ca.issue({ commonName: WILDCARD_DOMAIN, sans: [WILDCARD_DOMAIN], usage: "server", notAfter: new Date(Date.now() + 90 * 86_400_000) }),
    ]);
    return { ca, client, other, wildcard, expiredWildcard, plainName };
  })();
  return pki;
}

/** An ed25519 key pair in OpenSSH format and the `SHA256:` fingerprint of its public half. */
export function sshKeyPair(): { privateKey: string; publicKey: string } {
  const pair = sshUtils.generateKeyPairSync("ed25519");
  return { privateKey: pair.private, publicKey: pair.public };
}

/** The base64 body of a PEM (or OpenSSH) text: what a leak of the secret would contain. */
export function pemBody(text: string): string {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("-----"))
    .join("");
}

/** The error codes of a field in a 400 answer (`fieldErrors: { field: [{ code, message }] }`). */
export function fieldCodes(body: { error?: { fieldErrors?: Record<string, { code: string }[]> } }, field: string): string[] {
  return (body.error?.fieldErrors?.[field] ?? []).map((e) => e.code);
}

import https from "node:https";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DockerConnectionError,
  dockerClientFor,
  forgetDockerClient,
  readHostInfo,
  testDockerConnection,
  type DockerConnection,
} from "@/lib/fleet/docker-client";
import { dockerForTests, dockerTarget } from "@/tests/helpers/docker";
import { canRunSecondDockerd, startSecondDockerd, type SecondDockerd } from "@/tests/helpers/second-dockerd";
import { createTestCa, type Pem, type TestCa } from "@/tests/helpers/test-pki";
import { canRunSshd, generateSshKey, startTestSshd, type TestSshd } from "@/tests/helpers/test-sshd";

const docker = await dockerForTests();
const target = dockerTarget();
const localSocket = target.startsWith("unix://") ? target.slice("unix://".length) : null;

async function rejection(promise: Promise<unknown>): Promise<DockerConnectionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DockerConnectionError);
  return error as DockerConnectionError;
}

describe.skipIf(!docker || !localSocket)("Docker client over the local socket", () => {
  const socket: DockerConnection = { kind: "socket", socketPath: localSocket! };

  it("tests the connection: version, CPUs, memory, running containers", async () => {
    const info = await testDockerConnection(socket);
    const truth = await docker!.info();
    expect(info.dockerVersion).toBe(truth.ServerVersion);
    expect(info.cpus).toBe(truth.NCPU);
    expect(info.cpus).toBeGreaterThanOrEqual(1);
    expect(info.memoryBytes).toBe(truth.MemTotal);
    expect(info.containersRunning).toBeGreaterThanOrEqual(0);
    expect(info.apiVersion).toMatch(/^\d+\.\d+$/);
  });

  it("keeps one client per server until its settings change", () => {
    const a = dockerClientFor("server-a", socket);
    expect(dockerClientFor("server-a", { socketPath: localSocket!, kind: "socket" })).toBe(a);
    expect(dockerClientFor("server-b", socket)).not.toBe(a);
    const edited = dockerClientFor("server-a", { kind: "socket", socketPath: "/run/other.sock" });
    expect(edited).not.toBe(a);
    expect(dockerClientFor("server-a", { kind: "socket", socketPath: "/run/other.sock" })).toBe(edited);
    forgetDockerClient("server-a");
    expect(dockerClientFor("server-a", { kind: "socket", socketPath: "/run/other.sock" })).not.toBe(edited);
  });

  it("reports a socket path that does not exist at once", async () => {
    const started = performance.now();
    const error = await rejection(testDockerConnection({ kind: "socket", socketPath: "/nonexistent/derp/docker.sock" }));
    expect(error.code).toBe("socket_missing");
    expect(error.message).toBe("no Docker socket at /nonexistent/derp/docker.sock");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("gives up on an engine that accepts and never answers, at the deadline", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "derp-hung-"));
    const socketPath = path.join(dir, "hung.sock");
    const held: net.Socket[] = [];
    let closedByClient = 0;
    const server = net.createServer((s) => {
      held.push(s);
      s.resume(); // read the request (and so notice the end), never answer
      s.on("close", () => closedByClient++);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const client = dockerClientFor("hung", { kind: "socket", socketPath });
      const started = performance.now();
      const error = await rejection(readHostInfo(client, { timeoutMs: 300 }));
      const took = performance.now() - started;
      expect(error.code).toBe("timeout");
      expect(error.message).toBe(`docker info on unix://${socketPath} did not answer within 300 ms`);
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(2_000);
      // The abort signal reached the request: the engine saw the connection closed.
      for (let i = 0; i < 40 && closedByClient === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(held.length).toBe(1);
      expect(closedByClient).toBe(1);
    } finally {
      held.forEach((s) => s.destroy());
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses settings that are not socket, mutual TLS or pinned SSH", async () => {
    const plainTcp = { kind: "tcp", host: "127.0.0.1", port: 2375 } as unknown as DockerConnection;
    expect((await rejection(testDockerConnection(plainTcp))).code).toBe("invalid_settings");
    const tlsWithoutClientCert = { kind: "tls", host: "127.0.0.1", port: 2376, ca: "x", cert: "", key: "" } as DockerConnection;
    const error = await rejection(testDockerConnection(tlsWithoutClientCert));
    expect(error).toMatchObject({ code: "invalid_settings", message: "TCP needs mutual TLS: the CA, a client certificate and its key" });
    const unpinned = { kind: "ssh", host: "h", port: 22, username: "u", privateKey: "k", hostKeySha256: "" } as DockerConnection;
    expect((await rejection(testDockerConnection(unpinned))).message).toMatch(/host key must be pinned/);
    expect((await rejection(testDockerConnection({ kind: "socket", socketPath: "docker.sock" }))).message).toBe(
      "the socket path must be absolute",
    );
  });
});

const secondDockerdBlocker = canRunSecondDockerd();

describe.skipIf(!docker || secondDockerdBlocker !== null)("Docker client over TCP with mutual TLS", () => {
  let ca: TestCa;
  let client: Pem;
  let engine: SecondDockerd;

  beforeAll(async () => {
    ca = await createTestCa("derp test docker CA");
    const server = await ca.issue({ commonName: "127.0.0.1", sans: ["127.0.0.1", "localhost"], usage: "server" });
    client = await ca.issue({ commonName: "derpmanagement", usage: "client" });
    engine = await startSecondDockerd({ ca: ca.certPem, cert: server.certPem, key: server.keyPem });
  }, 90_000);

  afterAll(async () => {
    await engine?.stop();
  }, 30_000);

  const settings = (overrides: Partial<Extract<DockerConnection, { kind: "tls" }>> = {}): DockerConnection => ({
    kind: "tls",
    host: "127.0.0.1",
    port: engine.port,
    ca: ca.certPem,
    cert: client.certPem,
    key: client.keyPem,
    ...overrides,
  });

  it("connects with the client certificate", async () => {
    const info = await testDockerConnection(settings());
    expect(info.dockerVersion).toBe((await docker!.version()).Version);
    expect(info.containersRunning).toBe(0);
    expect(info.cpus).toBeGreaterThanOrEqual(1);
  });

  it("is refused by the engine without a client certificate", async () => {
    // Below the client module (which never connects without one): the engine itself must demand it.
    const outcome = await new Promise<string>((resolve) => {
      const request = https.get({ host: "127.0.0.1", port: engine.port, path: "/_ping", ca: ca.certPem }, (res) => {
        res.resume();
        resolve(`HTTP ${res.statusCode}`);
      });
      request.on("error", (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
    });
    expect(outcome).toMatch(/^error /);
  });

  it("is refused with a client certificate from another CA", async () => {
    const stranger = await (await createTestCa("someone else")).issue({ commonName: "intruder", usage: "client" });
    const error = await rejection(testDockerConnection(settings({ cert: stranger.certPem, key: stranger.keyPem })));
    expect(error.code).toBe("tls");
    // Depending on timing the engine's alert arrives, or only the closed connection does.
    expect(error.message).toMatch(
      new RegExp(
        `^TLS with tcp\\+tls://127\\.0\\.0\\.1:${engine.port} failed: the engine (refused our client certificate \\(ERR_SSL_\\w+\\)|closed the connection \\(does it accept this client certificate\\?\\))$`,
      ),
    );
  });

  it("refuses an engine whose certificate another CA signed", async () => {
    const otherCa = await createTestCa("not the engine's CA");
    const error = await rejection(testDockerConnection(settings({ ca: otherCa.certPem })));
    expect(error.code).toBe("tls");
    expect(error.message).toMatch(/certificate/i);
  });

  it("reports a closed port as refused", async () => {
    const error = await rejection(testDockerConnection(settings({ port: 1 })));
    expect(error).toMatchObject({ code: "refused", message: "tcp+tls://127.0.0.1:1 refused the connection (nothing listens there)" });
  });
});

if (secondDockerdBlocker) console.warn(`[docker-client] mutual TLS tests skipped: ${secondDockerdBlocker}`);

const sshdBlocker = canRunSshd();

describe.skipIf(!docker || !localSocket || sshdBlocker !== null)("Docker client over SSH with a pinned host key", () => {
  let sshd: TestSshd;

  beforeAll(async () => {
    sshd = await startTestSshd();
  }, 30_000);

  afterAll(async () => {
    await sshd?.stop();
  });

  const settings = (overrides: Partial<Extract<DockerConnection, { kind: "ssh" }>> = {}): DockerConnection => ({
    kind: "ssh",
    host: "127.0.0.1",
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.clientKey,
    hostKeySha256: sshd.hostKeySha256,
    ...overrides,
  });

  it("connects through sshd when the host key matches the pin", async () => {
    const info = await testDockerConnection(settings());
    expect(info.dockerVersion).toBe((await docker!.version()).Version);
    expect(info.cpus).toBe((await docker!.info()).NCPU);
  });

  it("refuses a host whose key is not the pinned one, naming the key it saw", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "derp-sshkey-"));
    try {
      const other = generateSshKey(dir, "other_host_key");
      const error = await rejection(testDockerConnection(settings({ hostKeySha256: other.fingerprint })));
      expect(error.code).toBe("ssh_host_key");
      expect(error.message).toBe(
        `the SSH host key of ssh://${sshd.username}@127.0.0.1:${sshd.port} (${sshd.hostKeySha256}) does not match the pinned ${other.fingerprint}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a key the server does not accept, and an unreadable key", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "derp-sshkey-"));
    try {
      const stranger = generateSshKey(dir, "stranger");
      const refused = await rejection(testDockerConnection(settings({ privateKey: stranger.privateKey })));
      expect(refused).toMatchObject({ code: "ssh_auth", message: `ssh://${sshd.username}@127.0.0.1:${sshd.port} refused the SSH key` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const garbage = await rejection(testDockerConnection(settings({ privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nnope\n-----END OPENSSH PRIVATE KEY-----\n" })));
    expect(garbage.code).toBe("invalid_settings");
    expect(garbage.message).toMatch(/^the SSH private key is unreadable/);
  });
});

if (sshdBlocker) console.warn(`[docker-client] SSH tests skipped: ${sshdBlocker}`);

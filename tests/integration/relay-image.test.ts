import dgram from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeHttps } from "@/lib/fleet/https-probe";
import { createRelayCertificate, derperCertFileNames, type RelayCertificate } from "@/lib/fleet/relay-cert";
import { bindingRequest, newTransactionId } from "@/lib/fleet/stun-message";
import { probeStun } from "@/lib/fleet/stun-probe";
import { unique } from "@/tests/helpers/db";
import { demuxDockerLogs, dockerForTests } from "@/tests/helpers/docker";
import { relayImageForTests } from "@/tests/helpers/relay-image";

// The real derper image (deploy/relay/build-image.sh), run the way the platform will run it: bridge network,
// DERP and STUN ports published on loopback, our own certificate for an IP-only relay, admission failing closed.
const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

const SECRET = "relay-image-test-secret";

describe.skipIf(!relayImage)("the relay image (real derper)", () => {
  const engine = docker!;
  let cert: RelayCertificate;
  let certDir: string;
  let stateDir: string;
  let admission: http.Server;
  let admissionPort: number;
  const admissionCalls: string[] = [];
  let container: Docker.Container | undefined;
  let derpPort: number;
  let stunPort: number;

  const logs = async () => demuxDockerLogs(await container!.logs({ stdout: true, stderr: true, follow: false }));

  beforeAll(async () => {
    cert = await createRelayCertificate("127.0.0.1");
    certDir = mkdtempSync(path.join(os.tmpdir(), "derp-relay-certs-"));
    stateDir = mkdtempSync(path.join(os.tmpdir(), "derp-relay-state-"));
    const files = derperCertFileNames("127.0.0.1");
    writeFileSync(path.join(certDir, files.crt), cert.certPem);
    writeFileSync(path.join(certDir, files.key), cert.keyPem, { mode: 0o600 });
    writeFileSync(
      path.join(stateDir, "rate.json"),
      JSON.stringify({ PerClientRateLimitBytesPerSec: 1_000_000, PerClientRateBurstBytes: 2_000_000 }),
    );

    // The admission controller derper asks about every client: this one refuses everyone.
    admission = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        admissionCalls.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200).end(JSON.stringify({ Allow: false }));
      });
    });
    // All interfaces: the container reaches the host through the bridge's gateway (host.docker.internal).
    await new Promise<void>((resolve) => admission.listen(0, "0.0.0.0", resolve));
    admissionPort = (admission.address() as AddressInfo).port;

    container = await engine.createContainer({
      Image: relayImage!,
      name: `derp-test-relay-${unique("r")}`,
      Labels: { "org.derpmanagement.test": "relay-image" },
      Env: [
        "DERP_DOMAIN=127.0.0.1",
        "DERP_ADDR=:8443",
        "DERP_CERT_MODE=manual",
        "DERP_CERT_DIR=/app/certs",
        "DERP_STUN=true",
        "DERP_STUN_PORT=3478",
        "DERP_HTTP_PORT=-1",
        "DERP_VERIFY_CLIENTS=false",
        `DERP_VERIFY_CLIENT_URL=http://host.docker.internal:${admissionPort}/api/derp/admission/${SECRET}`,
        "DERP_VERIFY_CLIENT_URL_FAIL_OPEN=false",
        "DERP_RATE_CONFIG=/var/lib/derper/rate.json",
        "DERP_KEY_PATH=/var/lib/derper/derper.key",
      ],
      ExposedPorts: { "8443/tcp": {}, "3478/udp": {} },
      HostConfig: {
        NetworkMode: "bridge",
        // Empty HostPort: the engine picks a free port, read back below (no race with other tests).
        PortBindings: {
          "8443/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }],
          "3478/udp": [{ HostIp: "127.0.0.1", HostPort: "" }],
        },
        Binds: [`${certDir}:/app/certs:ro`, `${stateDir}:/var/lib/derper`],
        ExtraHosts: ["host.docker.internal:host-gateway"],
      },
    });
    await container.start();
    const ports = (await container.inspect()).NetworkSettings.Ports;
    derpPort = Number(ports["8443/tcp"]?.[0]?.HostPort);
    stunPort = Number(ports["3478/udp"]?.[0]?.HostPort);
    expect(derpPort).toBeGreaterThan(0);
    expect(stunPort).toBeGreaterThan(0);

    // Ready when /derp/probe answers over TLS with our certificate.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const result = await probeHttps({ host: "127.0.0.1", port: derpPort, certName: cert.certName }, { timeoutMs: 2_000 });
      if (result.ok) break;
      const state = (await container.inspect()).State;
      if (!state.Running || Date.now() > deadline) {
        const { stderr } = await logs();
        throw new Error(`the relay did not come up (${result.error}; running: ${state.Running}):\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(async () => {
    await container?.remove({ force: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
    admission?.close();
    for (const dir of [certDir, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers /derp/probe over TLS with the pinned certificate", async () => {
    const result = await probeHttps({ host: "127.0.0.1", port: derpPort, hostname: "127.0.0.1", certName: cert.certName });
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.rttMs).toBeGreaterThan(0);
  });

  it("fails the probe when the pin names another certificate", async () => {
    const other = await createRelayCertificate("127.0.0.1");
    const result = await probeHttps({ host: "127.0.0.1", port: derpPort, certName: other.certName });
    expect(result.ok).toBe(false);
    expect(result.error).toBe(
      `the relay presented another certificate (${cert.certName}) than its CertName pins (${other.certName})`,
    );
  });

  it("computes the same CertName as derper itself", async () => {
    const { stderr } = await logs();
    expect(stderr).toContain(`"HostName":"127.0.0.1","CertName":"${cert.certName}"`);
  });

  it("answers a Tailscale-style STUN request with the mapped address", async () => {
    const result = await probeStun("127.0.0.1", stunPort, { timeoutMs: 1_000, attempts: 3 });
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result.mappedAddress).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$/);
    expect(result.rttMs).toBeGreaterThanOrEqual(0);
  });

  it("drops STUN requests that are not Tailscale's, and answers Tailscale's on the same socket", async () => {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.connect(stunPort, "127.0.0.1", resolve));
    const answers: Buffer[] = [];
    socket.on("message", (msg) => answers.push(msg));
    try {
      const txPlain = newTransactionId();
      // A plain RFC 5389 binding request: header only, no SOFTWARE, no FINGERPRINT.
      const plain = Buffer.concat([Buffer.from("000100002112a442", "hex"), txPlain]);
      // SOFTWARE "tailnode" but without the FINGERPRINT that must end the message.
      const txNoFingerprint = newTransactionId();
      const noFingerprint = Buffer.concat([
        Buffer.from("0001000c2112a442", "hex"),
        txNoFingerprint,
        Buffer.from("80220008", "hex"),
        Buffer.from("tailnode"),
      ]);
      for (let i = 0; i < 3; i++) {
        socket.send(plain);
        socket.send(noFingerprint);
      }
      await new Promise((r) => setTimeout(r, 1_500));
      expect(answers).toEqual([]);

      const txTailscale = newTransactionId();
      socket.send(bindingRequest(txTailscale));
      for (let i = 0; i < 40 && answers.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(answers).toHaveLength(1);
      expect(answers[0].readUInt16BE(0)).toBe(0x0101);
      expect(answers[0].subarray(8, 20).equals(txTailscale)).toBe(true);
    } finally {
      socket.close();
    }
  });

  it("runs derper as PID 1 with exactly the flags the entrypoint built", async () => {
    const expected = [
      "/derper",
      "-a :8443",
      "-hostname 127.0.0.1",
      "-certmode manual",
      "-certdir /app/certs",
      "-c /var/lib/derper/derper.key",
      "-stun=true",
      "-stun-port 3478",
      "-http-port -1",
      "-verify-clients=false",
      `-verify-client-url http://host.docker.internal:${admissionPort}/api/derp/admission/${SECRET}`,
      "-verify-client-url-fail-open=false",
      "-rate-config /var/lib/derper/rate.json",
      // Always given, empty without a mesh: derper's default would read a fixed path and mesh by accident.
      "-mesh-psk-file ",
    ].join(" ");

    // The entrypoint's log line (admission secret hidden) ...
    const { stderr } = await logs();
    expect(stderr.split("\n")[0]).toBe(
      `relay-entrypoint: exec ${expected.replace(`/api/derp/admission/${SECRET}`, "/[redacted]")}`,
    );
    expect(stderr).not.toContain(SECRET);
    // ... and the process the engine sees: one process, derper itself (the entrypoint exec'd, it did not fork).
    const top = await container!.top();
    const cmd = top.Titles.indexOf("CMD");
    // ps shows the empty last argument as nothing at all.
    expect(top.Processes.map((p: string[]) => p[cmd].trimEnd())).toEqual([expected.trimEnd()]);
  });

  it("applies the rate config, keeps its key on the volume and has not called admission without clients", async () => {
    const { stderr } = await logs();
    expect(stderr).toContain("rate config applied: client-rate=1000000 bytes/sec, client-burst=2000000 bytes");
    const key = JSON.parse(readFileSync(path.join(stateDir, "derper.key"), "utf8")) as { PrivateKey?: string };
    expect(key.PrivateKey).toMatch(/^privkey:[0-9a-f]{64}$/);
    expect(admissionCalls).toEqual([]);
  });
});

import { execFile, execFileSync } from "node:child_process";
import http from "node:http";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import type Docker from "dockerode";

/**
 * Real DERP traffic for the traffic tests: tests/tools/derp-traffic (two tailscale.com/derp/derphttp clients,
 * A sending a known number of payload bytes to B through a relay with its CertName pinned), built once per
 * test run, and a stand-in admission endpoint (issue 11 builds the real one) that lets every client in.
 */

const TOOL_DIR = fileURLToPath(new URL("../tools/derp-traffic/", import.meta.url));

export type PushResult = { packets: number; packetSize: number; sentBytes: number; receivedBytes: number; receivedPackets: number };

let built: string | undefined;

/** Builds the Go tool (GOTOOLCHAIN=local: the machine's Go; the module proxy supplies tailscale.com). */
export function buildDerpTrafficTool(): string {
  if (built) return built;
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "derp-traffic-")), "derp-traffic");
  execFileSync("go", ["build", "-o", out, "."], { cwd: TOOL_DIR, env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" }, stdio: "pipe" });
  built = out;
  return out;
}

export async function pushTraffic(tool: string, relay: { host: string; port: number; certName: string }, bytes: number, packetSize = 1200): Promise<PushResult> {
  const { stdout } = await promisify(execFile)(tool, [
    `-host=${relay.host}`,
    `-port=${relay.port}`,
    `-certname=${relay.certName}`,
    `-bytes=${bytes}`,
    `-packet-size=${packetSize}`,
  ]);
  return JSON.parse(stdout) as PushResult;
}

/** The address containers reach the host at: the default bridge's gateway. */
export async function dockerBridgeGateway(docker: Docker): Promise<string> {
  const info = await docker.getNetwork("bridge").inspect();
  const config = (info.IPAM?.Config ?? [])[0] as { Gateway?: string; Subnet?: string } | undefined;
  if (config?.Gateway) return config.Gateway;
  // Docker gives the bridge the subnet's first address when the IPAM config does not name one.
  const [base] = (config?.Subnet ?? "172.17.0.0/16").split("/");
  const parts = base.split(".").map(Number);
  parts[3] += 1;
  return parts.join(".");
}

/** Answers every admission request with {"Allow":true}; counts the requests. */
export async function startAllowAllAdmission(): Promise<{ port: number; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end('{"Allow":true}'));
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

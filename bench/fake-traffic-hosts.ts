import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRelayCertificate } from "@/lib/fleet/relay-cert";

/**
 * Stand-in relay hosts for the traffic benchmark, in a child process (their TLS and HTTP work runs on the other
 * core, as it would on real hosts): per host a Docker API on a Unix socket answering
 * `GET /containers/<name>/stats?stream=false&one-shot=true`, and per relay a TLS port on the host's own loopback
 * address (127.0.1.<host+1>) answering derper's `/debug/vars`. Bodies have the real shapes and sizes (derper's
 * expvar JSON carries Go's memstats, about 5 KB; a stats answer about 2 KB); counters grow on every read.
 */

export type FakeTrafficHosts = {
  hosts: { socketPath: string; address: string }[];
  derpPortBase: number;
  certPem: string;
  keyPem: string;
  certName: string;
  close(): Promise<void>;
};

export const FAKE_DERP_PORT_BASE = 11_000;

type Ready = Omit<FakeTrafficHosts, "close">;

async function serve(hostCount: number, relaysPerHost: number): Promise<{ ready: Ready; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "derp-bench-traffic-"));
  const cert = await createRelayCertificate("127.0.0.1");
  const counters = new Map<string, number>();
  const grow = (key: string) => {
    const next = (counters.get(key) ?? 0) + 1_000 + Math.floor(Math.random() * 100_000);
    counters.set(key, next);
    return next;
  };
  const memstats = { Alloc: 4_123_456, TotalAlloc: 99_123_456, Sys: 20_123_456, BySize: Array.from({ length: 68 }, (_, i) => ({ Size: i * 16, Mallocs: 1_000 + i, Frees: 900 + i })) };

  // One TLS server does the work; many plain listeners hand their connections to it (a port per relay).
  const tlsServer = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
    const key = new URL(req.url ?? "/", "https://x").searchParams.get("debugkey");
    if (!req.url?.startsWith("/debug/vars") || !key) return void res.writeHead(403).end("forbidden");
    const total = grow(key);
    const received = Math.floor(total / 2);
    const body = JSON.stringify({
      cmdline: ["/app/derper", "-a", ":443"],
      derp: { accepts: 12, bytes_received: received, bytes_sent: total - received, gauge_current_connections: 2, packets_sent: 100, packets_received: 100, version: "1.102.3" },
      memstats,
    });
    res.writeHead(200, { "Content-Type": "application/json" }).end(body);
  });
  const listeners: net.Server[] = [];
  const dockers: http.Server[] = [];
  const hosts: Ready["hosts"] = [];
  for (let h = 0; h < hostCount; h++) {
    const address = `127.0.1.${h + 1}`;
    for (let i = 0; i < relaysPerHost; i++) {
      const listener = net.createServer((socket) => tlsServer.emit("connection", socket));
      await new Promise<void>((resolve, reject) => {
        listener.once("error", reject);
        listener.listen(FAKE_DERP_PORT_BASE + i, address, resolve);
      });
      listeners.push(listener);
    }
    const socketPath = path.join(dir, `docker-${h}.sock`);
    const docker = http.createServer((req, res) => {
      const match = /\/containers\/([^/]+)\/stats/.exec(req.url ?? "");
      if (!match) return void res.writeHead(404, { "Content-Type": "application/json" }).end('{"message":"not found"}');
      const total = grow(`docker:${match[1]}`);
      const body = JSON.stringify({
        read: new Date().toISOString(),
        preread: "0001-01-01T00:00:00Z",
        pids_stats: { current: 9, limit: 4_915 },
        cpu_stats: { cpu_usage: { total_usage: 123_456_789, usage_in_kernelmode: 1_000, usage_in_usermode: 2_000 }, system_cpu_usage: 999_999_999, online_cpus: 2 },
        precpu_stats: { cpu_usage: { total_usage: 0 } },
        memory_stats: { usage: 12_345_678, stats: { anon: 10_000_000, file: 1_000_000, inactive_file: 500_000 }, limit: 268_435_456 },
        name: `/${match[1]}`,
        id: match[1],
        networks: { eth0: { rx_bytes: Math.floor(total / 2), rx_packets: 100, rx_errors: 0, rx_dropped: 0, tx_bytes: total - Math.floor(total / 2), tx_packets: 100, tx_errors: 0, tx_dropped: 0 } },
      });
      res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    });
    await new Promise<void>((resolve) => docker.listen(socketPath, resolve));
    dockers.push(docker);
    hosts.push({ socketPath, address });
  }
  return {
    ready: { hosts, derpPortBase: FAKE_DERP_PORT_BASE, certPem: cert.certPem, keyPem: cert.keyPem, certName: cert.certName },
    async close() {
      for (const l of listeners) l.close();
      for (const d of dockers) d.close();
      tlsServer.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startFakeTrafficHosts(hostCount: number, relaysPerHost: number): Promise<FakeTrafficHosts> {
  const { fork } = await import("node:child_process");
  const child = fork(new URL(import.meta.url).pathname, ["--serve-fake-traffic-hosts", String(hostCount), String(relaysPerHost)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Ready));
    child.once("exit", (code) => reject(new Error(`the fake hosts process exited (${code}) before it was ready`)));
  });
  return {
    ...ready,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("close");
      }),
  };
}

if (process.argv[2] === "--serve-fake-traffic-hosts" && process.send) {
  void serve(Number(process.argv[3]), Number(process.argv[4])).then(({ ready, close }) => {
    process.send!(ready);
    process.on("message", async (m) => {
      if (m !== "close") return;
      await close();
      process.exit(0);
    });
  });
}

/**
 * The real Tailscale and headscale programs for e2e/tailnet.spec.ts: headscale on loopback with a DERP map from
 * our platform, tailscaled nodes in userspace networking, and a SOCKS5 stream through a node. Every process is
 * started here and stopped by stopAll(); every listener is on 127.0.0.1.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");

/** The folder with tailscaled, tailscale, derpprobe and headscale (built once, then from the cache). */
export function tailnetTools(): string {
  return execFileSync("bash", [path.join(root, "scripts/ci/tailnet-tools.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

export type Run = { code: number; stdout: string; stderr: string };

/** Runs a program to its end (killed after timeoutMs); never throws for a non-zero exit, the caller asserts. */
export function run(file: string, args: string[], timeoutMs = 30_000, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export class Processes {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "derp-tailnet-"));
  private readonly children: ChildProcess[] = [];

  /** Starts a long-running program, its output in <dir>/<name>.log (kept for a failing test's report). */
  start(name: string, file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const log = createWriteStream(path.join(this.dir, `${name}.log`), { flags: "a" });
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.push(child);
    return child;
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(keepDir = false): Promise<void> {
    await Promise.all(this.children.map((c) => this.stop(c)));
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export type DerpSource = { urls: string[] } | { paths: string[] };

/** headscale on 127.0.0.1 without TLS, SQLite in its own folder, no embedded DERP and no default map. */
export class Headscale {
  readonly url: string;
  private readonly config: string;
  private child: ChildProcess | undefined;

  constructor(
    private readonly procs: Processes,
    private readonly bin: string,
    private readonly port: number,
    private readonly grpcPort: number,
    private readonly metricsPort: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    mkdirSync(path.join(procs.dir, "headscale"), { recursive: true });
    this.config = path.join(procs.dir, "headscale", "config.yaml");
  }

  /** (Re)starts headscale with this DERP source; its database and keys stay, so nodes stay registered. */
  async start(derp: DerpSource): Promise<void> {
    if (this.child) await this.procs.stop(this.child);
    const d = path.join(this.procs.dir, "headscale");
    const yaml = [
      `server_url: ${this.url}`,
      `listen_addr: 127.0.0.1:${this.port}`,
      `metrics_listen_addr: 127.0.0.1:${this.metricsPort}`,
      `grpc_listen_addr: 127.0.0.1:${this.grpcPort}`,
      "grpc_allow_insecure: false",
      `noise: { private_key_path: ${d}/noise_private.key }`,
      "prefixes: { v4: 100.64.0.0/10, v6: fd7a:115c:a1e0::/48, allocation: sequential }",
      "derp:",
      "  server: { enabled: false }",
      `  urls: ${JSON.stringify("urls" in derp ? derp.urls : [])}`,
      `  paths: ${JSON.stringify("paths" in derp ? derp.paths : [])}`,
      "  auto_update_enabled: true",
      "  update_frequency: 1h",
      `database: { type: sqlite, sqlite: { path: ${d}/db.sqlite, write_ahead_log: true } }`,
      `unix_socket: ${d}/headscale.sock`,
      'unix_socket_permission: "0770"',
      "dns: { magic_dns: false, base_domain: tailnet.test, override_local_dns: false, nameservers: { global: [] } }",
      "log: { level: info }",
      "logtail: { enabled: false }",
      "",
    ].join("\n");
    writeFileSync(this.config, yaml);
    this.child = this.procs.start("headscale", this.bin, ["-c", this.config, "serve"]);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${this.url}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`headscale did not start (see ${this.procs.dir}/headscale.log)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async cli(args: string[]): Promise<string> {
    const r = await run(this.bin, ["-c", this.config, ...args, "-o", "json"]);
    if (r.code !== 0) throw new Error(`headscale ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  /** A reusable pre-auth key of a new headscale user. */
  async preAuthKey(userName: string): Promise<string> {
    const user = JSON.parse(await this.cli(["users", "create", userName])) as { id: number | string };
    const key = JSON.parse(await this.cli(["preauthkeys", "create", "--user", String(user.id), "--reusable", "-e", "1h"])) as { key: string };
    return key.key;
  }
}

/** One tailscaled in userspace networking, its own state dir, socket and SOCKS5 port, all traffic through DERP. */
export class Node {
  readonly socket: string;
  private child: ChildProcess | undefined;

  constructor(
    private readonly procs: Processes,
    private readonly bin: string,
    readonly name: string,
    readonly socksPort: number,
  ) {
    mkdirSync(path.join(procs.dir, name), { recursive: true });
    this.socket = path.join(procs.dir, name, "tailscaled.sock");
  }

  async start(): Promise<void> {
    this.child = this.procs.start(
      this.name,
      path.join(this.bin, "tailscaled"),
      [
        "--tun=userspace-networking",
        `--statedir=${path.join(this.procs.dir, this.name)}`,
        `--socket=${this.socket}`,
        "--port=0",
        `--socks5-server=127.0.0.1:${this.socksPort}`,
        "--no-logs-no-support",
      ],
      { TS_DEBUG_ALWAYS_USE_DERP: "1", TS_NO_LOGS_NO_SUPPORT: "1" },
    );
    const deadline = Date.now() + 20_000;
    while (!(await this.cli(["status", "--json"], 5_000)).stdout.includes("BackendState")) {
      if (Date.now() > deadline) throw new Error(`${this.name}: tailscaled did not answer`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    if (this.child) await this.procs.stop(this.child);
  }

  cli(args: string[], timeoutMs = 30_000): Promise<Run> {
    return run(path.join(this.bin, "tailscale"), [`--socket=${this.socket}`, ...args], timeoutMs);
  }

  async up(loginServer: string, authKey: string): Promise<void> {
    const r = await this.cli(["up", `--login-server=${loginServer}`, `--auth-key=${authKey}`, `--hostname=${this.name}`, "--timeout=60s"], 70_000);
    if (r.code !== 0) throw new Error(`${this.name}: tailscale up failed: ${r.stderr}`);
  }

  async status(): Promise<{ Self: { PublicKey: string; TailscaleIPs: string[]; Relay?: string }; Peer?: Record<string, { HostName: string; Relay?: string }> }> {
    const r = await this.cli(["status", "--json"]);
    if (r.code !== 0) throw new Error(`${this.name}: tailscale status failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  async ip(): Promise<string> {
    return (await this.status()).Self.TailscaleIPs.find((a) => a.includes("."))!;
  }

  /** `tailscale ping` through DERP: its output, and whether it got a pong. */
  async ping(ip: string, count = 3, timeoutSeconds = 5): Promise<Run> {
    return this.cli(["ping", "--until-direct=false", "-c", String(count), `--timeout=${timeoutSeconds}s`, ip], (count * timeoutSeconds + 10) * 1000);
  }

  /** What tailscaled has logged so far (its stdout and stderr). */
  log(): string {
    return readFileSync(path.join(this.procs.dir, `${this.name}.log`), "utf8");
  }

  /** The DERP map this node got from its control server. */
  async derpMap(): Promise<{ Regions?: Record<string, { RegionCode: string; Nodes: { CertName?: string; IPv4?: string; DERPPort?: number }[] }> }> {
    const r = await this.cli(["debug", "derp-map"]);
    if (r.code !== 0) throw new Error(`${this.name}: tailscale debug derp-map failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }
}

/** Sends `bytes` through a node's SOCKS5 proxy to ip:port and resolves with the bytes written. */
export function sendThroughSocks(socksPort: number, ip: string, port: number, bytes: number, timeoutMs = 60_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socksPort, "127.0.0.1");
    const timer = setTimeout(() => socket.destroy(new Error("SOCKS5 transfer timed out")), timeoutMs);
    let stage = 0;
    socket.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on("connect", () => socket.write(Buffer.from([5, 1, 0])));
    socket.on("data", (data) => {
      if (stage === 0) {
        if (data[0] !== 5 || data[1] !== 0) return socket.destroy(new Error("SOCKS5 greeting refused"));
        stage = 1;
        const req = Buffer.alloc(10);
        req.set([5, 1, 0, 1], 0);
        req.set(ip.split(".").map(Number), 4);
        req.writeUInt16BE(port, 8);
        socket.write(req);
      } else if (stage === 1) {
        if (data[1] !== 0) return socket.destroy(new Error(`SOCKS5 connect failed with reply ${data[1]}`));
        stage = 2;
        const chunk = Buffer.alloc(64 * 1024, 0x5a);
        let left = bytes;
        const pump = () => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return socket.once("drain", pump);
          }
          socket.end();
        };
        pump();
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(bytes);
    });
  });
}

/** A TCP sink on 127.0.0.1 (where a userspace node delivers connections to its Tailscale IP); counts bytes. */
export async function byteSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let total = 0;
  const server = net.createServer((s) => s.on("data", (d: Buffer) => (total += d.length)).on("error", () => undefined));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    received: () => total,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

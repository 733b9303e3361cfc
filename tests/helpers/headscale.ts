import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "./free-port";

/**
 * A real headscale (the version scripts/ci/tailnet-tools.sh builds from source) for the import tests: SQLite in a
 * temporary folder, 127.0.0.1 on free ports, no TLS, no embedded DERP, no DERP map download. Driven through its
 * own CLI (users, API keys, nodes), as an operator would.
 */
const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TOOLS = path.join(ROOT, "scripts/ci/tailnet-tools.sh");

/**
 * The headscale program: $HEADSCALE_BIN, or the one tailnet-tools.sh builds (or finds in its cache). Null only
 * when neither exists on this machine; a build that fails throws (a broken build is a failure, not a skip).
 */
export function headscaleBinary(): string | null {
  if (process.env.HEADSCALE_BIN) return process.env.HEADSCALE_BIN;
  if (!existsSync(TOOLS)) return null;
  const dir = execFileSync("bash", [TOOLS], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 30 * 60_000 }).trim().split("\n").pop()!;
  const bin = path.join(dir, "headscale");
  if (!existsSync(bin)) throw new Error(`tailnet-tools.sh printed ${dir}, which has no headscale`);
  return bin;
}

export interface HeadscaleNode {
  id: string;
  name: string;
  nodeKey: string;
}

export interface Headscale {
  baseUrl: string;
  cli(...args: string[]): Promise<string>;
  createUser(name: string): Promise<void>;
  createApiKey(): Promise<string>;
  /** A node registered for `user` the way `headscale auth register` does after a client's login (debug create-node stands in for the client). */
  createNode(user: string, name: string): Promise<HeadscaleNode>;
  deleteNode(id: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startHeadscale(bin: string): Promise<Headscale> {
  const dir = await mkdtemp(path.join(tmpdir(), "headscale-test-"));
  const [http, metrics, grpc] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${http}`;
  const config = path.join(dir, "config.yaml");
  await writeFile(
    config,
    [
      `server_url: ${baseUrl}`,
      `listen_addr: 127.0.0.1:${http}`,
      `metrics_listen_addr: 127.0.0.1:${metrics}`,
      `grpc_listen_addr: 127.0.0.1:${grpc}`,
      "grpc_allow_insecure: false",
      `noise: { private_key_path: ${dir}/noise_private.key }`,
      "prefixes: { v4: 100.64.0.0/10, v6: fd7a:115c:a1e0::/48, allocation: sequential }",
      // headscale refuses to start without a DERP map; a local file with one placeholder region avoids a download.
      `derp: { server: { enabled: false }, urls: [], paths: [${dir}/derp.yaml], auto_update_enabled: false }`,
      "disable_check_updates: true",
      `database: { type: sqlite, sqlite: { path: ${dir}/db.sqlite, write_ahead_log: true } }`,
      "log: { level: warn, format: text }",
      'policy: { mode: file, path: "" }',
      "dns: { magic_dns: false, override_local_dns: false, nameservers: { global: [] } }",
      `unix_socket: ${dir}/headscale.sock`,
      'unix_socket_permission: "0770"',
      "logtail: { enabled: false }",
      "",
    ].join("\n"),
  );
  await writeFile(
    path.join(dir, "derp.yaml"),
    "regions:\n  900:\n    regionid: 900\n    regioncode: test\n    regionname: Test\n    nodes:\n      - { name: 900a, regionid: 900, hostname: 127.0.0.1, ipv4: 127.0.0.1, stunport: -1, derpport: 0 }\n",
  );
  const child: ChildProcess = spawn(bin, ["serve", "-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const cli = async (...args: string[]) => (await run(bin, [...args, "-c", config], { timeout: 30_000 })).stdout.trim();

  // Ready when its HTTP server answers and the CLI's socket takes commands.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`headscale exited (${child.exitCode}): ${stderr}`);
    const up = await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false);
    if (up && existsSync(path.join(dir, "headscale.sock"))) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    baseUrl,
    cli,
    createUser: async (name) => void (await cli("users", "create", name)),
    createApiKey: () => cli("apikeys", "create", "--expiration", "1d"),
    async createNode(user, name) {
      // headscale's registration id: "hskey-authreq-" and 24 URL-safe characters (types.AuthID).
      const authId = `hskey-authreq-${randomBytes(18).toString("base64url")}`;
      await cli("debug", "create-node", "--name", name, "--user", user, "--key", authId);
      const node = JSON.parse(await cli("auth", "register", "--user", user, "--auth-id", authId, "-o", "json")) as Record<string, unknown>;
      return { id: String(node.id), name: String(node.given_name ?? node.name), nodeKey: String(node.node_key) };
    },
    deleteNode: async (id) => void (await cli("nodes", "delete", "--identifier", id, "--force")),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

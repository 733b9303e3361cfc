import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/**
 * A second Docker engine for tests, listening only on a loopback TCP port with mutual TLS: its own data root,
 * exec root, pid file and config under a temp folder and no iptables rules, so it touches nothing of the engine
 * the other tests use. Needs root, dockerd (Debian's docker.io) and iproute2.
 *
 * Not `--bridge=none`: a dockerd started with it DELETES the host's docker0 interface (dockerd's
 * removeDefaultBridgeInterface), which breaks bridge networking of the main engine. Instead it gets a bridge of
 * its own, made here and deleted at the end, with a tiny subnet nothing else uses.
 */
export type SecondDockerd = { port: number; stop(): Promise<void>; log(): string };

export function canRunSecondDockerd(): string | null {
  if (process.getuid?.() !== 0) return "not root";
  if (!["/usr/sbin/dockerd", "/usr/bin/dockerd"].some((p) => existsSync(p))) return "dockerd is not installed";
  if (!["/usr/sbin/ip", "/usr/bin/ip", "/sbin/ip", "/bin/ip"].some((p) => existsSync(p))) return "ip (iproute2) is not installed";
  return null;
}

export async function startSecondDockerd(tls: { ca: string; cert: string; key: string }): Promise<SecondDockerd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "derp-dockerd-"));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text, { mode: 0o600 });
    return p;
  };
  const port = await freePort();
  // Interface names are at most 15 characters.
  const bridge = `derpt${process.pid % 100_000}`;
  execFileSync("ip", ["link", "add", "name", bridge, "type", "bridge"]);
  // dockerd takes the subnet from the bridge's address (-b and --bip exclude each other).
  execFileSync("ip", ["addr", "add", "10.255.254.1/29", "dev", bridge]);
  const logPath = path.join(dir, "dockerd.log");
  const pidFile = path.join(dir, "dockerd.pid");
  // dockerd logs to stderr; a file keeps the log readable after a failure without holding pipes open.
  const logFd = openSync(logPath, "a");
  const child: ChildProcess = spawn(
    "dockerd",
    [
      "--config-file", file("daemon.json", "{}"),
      "--data-root", path.join(dir, "data"),
      "--exec-root", path.join(dir, "exec"),
      "--pidfile", pidFile,
      "-H", `tcp://127.0.0.1:${port}`,
      "--tlsverify",
      "--tlscacert", file("ca.pem", tls.ca),
      "--tlscert", file("server-cert.pem", tls.cert),
      "--tlskey", file("server-key.pem", tls.key),
      `--bridge=${bridge}`,
      "--iptables=false",
      "--ip-masq=false",
      "--ip-forward=false",
      "--storage-driver=vfs",
    ],
    { stdio: ["ignore", logFd, logFd] },
  );
  closeSync(logFd);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killTimer);
    }
    for (const command of [
      ["ip", "link", "del", bridge],
      // dockerd bind-mounts its data root onto itself (to make it a private mount) and leaves it behind.
      ["umount", path.join(dir, "data")],
    ]) {
      try {
        execFileSync(command[0], command.slice(1), { stdio: "ignore" });
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const log = () => {
    try {
      return readFileSync(logPath, "utf8");
    } catch {
      return "(no log)";
    }
  };

  // Ready when dockerd says it serves the API: its listener accepts connections earlier, while it initialises
  // (and also when it is about to fail).
  const deadline = Date.now() + 60_000;
  while (!(log().includes("API listen on") && (await portOpen(port)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const tail = log().split("\n").slice(-30).join("\n");
      await stop();
      throw new Error(`the second dockerd did not come up on 127.0.0.1:${port} (exit ${child.exitCode}):\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, stop, log };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}


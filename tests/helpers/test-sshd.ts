import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/**
 * An OpenSSH server on a loopback port for the Docker-over-SSH tests: its own host key, config, pid file and
 * authorized key (generated here) under a temp folder; it lets the current user (root) in with that key only.
 * A session runs `docker system dial-stdio` against the local engine, as on a real relay host.
 */
export type TestSshd = {
  port: number;
  username: string;
  /** OpenSSH private key the server accepts. */
  clientKey: string;
  /** `SHA256:...` of the host key, as `ssh-keygen -lf` prints it. */
  hostKeySha256: string;
  stop(): Promise<void>;
};

const SSHD = "/usr/sbin/sshd";

export function canRunSshd(): string | null {
  if (process.getuid?.() !== 0) return "not root";
  if (!existsSync(SSHD)) return "sshd is not installed (apt-get install openssh-server)";
  if (!existsSync("/usr/bin/ssh-keygen")) return "ssh-keygen is not installed";
  return null;
}

/** A fresh ed25519 key pair: OpenSSH private key and `SHA256:` fingerprint of its public half. */
export function generateSshKey(dir: string, name: string): { privateKey: string; publicKey: string; fingerprint: string } {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
  const fingerprint = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${file}.pub`], { encoding: "utf8" }).split(" ")[1];
  return { privateKey: readFileSync(file, "utf8"), publicKey: readFileSync(`${file}.pub`, "utf8"), fingerprint };
}

export async function startTestSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "derp-sshd-"));
  const host = generateSshKey(dir, "host_key");
  const client = generateSshKey(dir, "client_key");
  writeFileSync(path.join(dir, "authorized_keys"), client.publicKey, { mode: 0o600 });
  const port = await freePort();
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host_key")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      `AllowUsers ${os.userInfo().username}`,
      "UsePAM no",
      // The temp folder's owner and modes are the test's, not a home directory's.
      "StrictModes no",
      "",
    ].join("\n"),
  );
  // sshd refuses to start without its privilege separation directory.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  execFileSync(SSHD, ["-t", "-f", config]);

  const logPath = path.join(dir, "sshd.log");
  const logFd = openSync(logPath, "a");
  const child = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (!readFileSync(logPath, "utf8").includes(`Server listening on 127.0.0.1 port ${port}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = readFileSync(logPath, "utf8");
      await stop();
      throw new Error(`sshd did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, username: os.userInfo().username, clientKey: client.privateKey, hostKeySha256: host.fingerprint, stop };
}

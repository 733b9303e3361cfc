import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The Go DERP client of tests/tools/derp-client, built once per source version (cached in the temp folder by
 * a hash of its sources) with the local Go toolchain; the module proxy provides tailscale.com.
 */
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../tools/derp-client");

export function derpClientBinary(): string | null {
  if (!goAvailable()) return null;
  const hash = createHash("sha256");
  for (const f of ["main.go", "go.mod", "go.sum"]) hash.update(readFileSync(path.join(DIR, f)));
  const out = path.join(tmpdir(), "derpmanagement-derp-client", hash.digest("hex").slice(0, 16));
  if (!existsSync(out)) {
    mkdirSync(path.dirname(out), { recursive: true });
    execFileSync("go", ["build", "-o", out, "."], { cwd: DIR, env: { ...process.env, GOTOOLCHAIN: "local", CGO_ENABLED: "0" }, stdio: "pipe" });
  }
  return out;
}

function goAvailable(): boolean {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export function newNodeKeyPair(bin: string): { private: string; public: string } {
  return JSON.parse(execFileSync(bin, ["-genkey"], { encoding: "utf8" }));
}

export interface ConnectResult {
  accepted: boolean;
  error?: string;
}

/** Connects with the key and reports whether the relay admitted it (an echo to itself came back). */
export function derpConnect(bin: string, opts: { url: string; privateKey: string; caFile: string; timeoutMs?: number }): Promise<ConnectResult> {
  const args = ["-url", opts.url, "-key", opts.privateKey, "-ca", opts.caFile, "-timeout", `${opts.timeoutMs ?? 8000}ms`];
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: "utf8", timeout: (opts.timeoutMs ?? 8000) + 5000 }, (err, stdout, stderr) => {
      if (err && !stdout) return reject(new Error(`derp-client failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout) as ConnectResult);
    });
  });
}

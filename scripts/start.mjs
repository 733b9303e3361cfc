#!/usr/bin/env node
// `npm start`: builds when the build is missing or older than the sources, then serves on PORT (3000).
// The server itself migrates, seeds and (without DATABASE_URL) runs the worker's schedules in-process.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const buildId = path.join(root, distDir, "BUILD_ID");
const sources = ["app", "components", "lib", "db", "server", "worker", "messages", "instrumentation.ts", "proxy.ts", "next.config.ts", "package-lock.json"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), s.mtimeMs);
}

const needsBuild =
  process.argv.includes("--rebuild") ||
  !existsSync(buildId) ||
  sources.some((s) => newestMtime(path.join(root, s)) > statSync(buildId).mtimeMs);

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (needsBuild) {
  console.log("Building the app (first start or changed sources)…");
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`Built in ${Math.round((Date.now() - t0) / 1000)} s.`);
}

const port = process.env.PORT || "3000";
const url = process.env.APP_URL || `http://localhost:${port}`;
console.log(`Starting on ${url} (log in at ${url}/login)`);
// The preload makes a SIGTERM stop gracefully behind a proxy that keeps connections (README "Stopping gracefully").
const preload = ["--import", path.join(root, "scripts", "graceful-stop.mjs")];
const child = spawn(process.execPath, [...preload, nextBin, "start", "-p", port], { cwd: root, stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

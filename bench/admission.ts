import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AdmissionService } from "@/lib/devices/admission";
import { answerAdmission } from "@/lib/devices/admission-http";
import { serveAdmission } from "@/lib/devices/admission-server";
import { addDevice } from "@/lib/devices/devices";
import { makeAdmissionRelay, randomNodeKey } from "../tests/helpers/admission";
import { insertUser } from "../tests/helpers/billing";
import { startRouteServer } from "../tests/helpers/route-server";
import { openBenchDb } from "./db";

/**
 * The admission endpoint under load on loopback, next to a bare Node `http` server answering the same JSON, in
 * the same run: maximum throughput, then latency at a fixed 2,000 requests/s. The endpoint runs the admission
 * code the route runs (body read, cache, decision, answer) behind a minimal NextRequest adapter; Next's own
 * routing is not part of it. The third is the app's own Node listener for admission (ADMISSION_PORT), the same
 * service without web Request/Response objects. autocannon runs as its own process so it
 * does not share the servers' event loop.
 */
const BODY_KEY = randomNodeKey();
const ROUNDS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function autocannon(url: string, body: string, seconds: number, args: string[] = []): Promise<Figures> {
  return new Promise((resolve, reject) => {
    execFile(
      "node_modules/.bin/autocannon",
      ["--json", "-m", "POST", "-b", body, "-c", "50", "-d", String(seconds), ...args, url],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err || !stdout.includes("{")) return reject(new Error(stderr || err?.message || "autocannon printed nothing"));
        const r = JSON.parse(stdout.slice(stdout.indexOf("{")));
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
      },
    );
  });
}

/** A Node http server that reads the body and answers with `answer(path, body)`. */
function nodeServer(answer: (path: string, body: string) => string): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = answer(req.url ?? "/", Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "Content-Type": "application/json" }).end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

export async function benchAdmission(): Promise<void> {
  const bench = await openBenchDb("admission");
  const db = bench.handle.db;
  const user = await insertUser(db);
  const { secret } = await makeAdmissionRelay(db, { userId: user.id, deviceLimit: 5 });
  await addDevice(db, user, { name: "bench", nodeKey: BODY_KEY });
  const service = new AdmissionService({ db: async () => db });
  const app = await startRouteServer((req, pathname) => answerAdmission(service, req, decodeURIComponent(pathname.split("/").pop()!)));
  // The same JSON without any admission work: what Node's http costs.
  const bare = await nodeServer((_path, text) => {
    JSON.parse(text);
    return '{"Allow":true}';
  });
  // The same service on the app's own Node listener (ADMISSION_PORT), without web Request/Response objects.
  const listener = await serveAdmission(service, 0, "127.0.0.1");
  const core = {
    port: (listener.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => listener.close(() => r())),
  };
  const body = JSON.stringify({ NodePublic: BODY_KEY, Source: "198.51.100.7:41641" });
  const targets = [
    ["admission", `http://127.0.0.1:${app.port}/api/derp/admission/${secret}`],
    ["listener", `http://127.0.0.1:${core.port}/api/derp/admission/${secret}`],
    ["bare http", `http://127.0.0.1:${bare.port}/`],
  ] as const;
  try {
    // Sanity: the endpoint allows this key (a benchmark of refusals would measure something else).
    const check = await fetch(targets[0][1], { method: "POST", body });
    if ((await check.text()) !== '{"Allow":true}') throw new Error("admission does not allow the bench key");
    console.log(`admission endpoint on ${bench.label}; 50 connections, autocannon in its own process`);
    console.log(`${ROUNDS} interleaved rounds (max throughput 5 s, then 10 s at 2,000 req/s, per server); medians:`);
    const runs = new Map<string, { max: Figures[]; fixed: Figures[] }>(targets.map(([label]) => [label, { max: [], fixed: [] }]));
    for (const [, url] of targets) await autocannon(url, body, 2); // warm-up
    // Interleaved, so that load from elsewhere on the machine falls on every server alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [label, url] of targets) {
        runs.get(label)!.max.push(await autocannon(url, body, 5));
        runs.get(label)!.fixed.push(await autocannon(url, body, 10, ["-R", "2000"]));
      }
    }
    const rows: string[] = [];
    for (const [label] of targets) {
      const { max, fixed } = runs.get(label)!;
      const bad = [...max, ...fixed].reduce((n, f) => n + f.errors + f.non2xx, 0);
      rows.push(
        `${label.padEnd(10)} max ${Math.round(median(max.map((f) => f.rps))).toString().padStart(6)} req/s | ` +
          `at 2,000 req/s: ${Math.round(median(fixed.map((f) => f.rps)))} req/s, p50 ${median(fixed.map((f) => f.p50))} ms, ` +
          `p99 ${median(fixed.map((f) => f.p99))} ms (runs: ${fixed.map((f) => f.p99).join(", ")}) | errors/non-2xx ${bad}`,
      );
    }
    for (const r of rows) console.log(r);
  } finally {
    service.close();
    await app.close();
    await bare.close();
    await core.close();
    await bench.dispose();
  }
}

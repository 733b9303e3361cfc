import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ensureProductionBuild, nginxAvailable, ScaleOutCluster } from "../tests/helpers/scale-out-cluster";

/**
 * Requests per second and latency through nginx (deploy/nginx/derpmanagement.conf) with one app replica and with
 * two, side by side in one run, for the admission endpoint and the direct link. The cluster is the scale-out
 * proof's (tests/helpers/scale-out-cluster.ts): production build, `next start` on loopback ports, a fresh
 * Postgres database, Redis; no workers (they would only add noise). One replica means nginx's upstream names only
 * the first (the second stays up, idle). Rounds are interleaved so that other load on the machine falls on both
 * alike; autocannon runs as its own process. Beside the figures: the CPU each part used, in cores (the last
 * round's; Postgres: the backends of this database), and the whole machine's, which says where the cores went.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);
const DURATION_S = Number(process.env.BENCH_DURATION_S || 10);

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** Cores used during the run: per replica, nginx, autocannon, everything else on the machine (Postgres...). */
  cpu: { replicas: number[]; nginx: number; autocannon: number; postgres: number; machine: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** utime + stime of a process and its threads, in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    // The process ended between listing and reading: it used nothing more.
    return 0;
  }
}

/** The process and its children (nginx's workers under its master). */
function withChildren(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (list) children.push(...list.split(" ").map(Number));
  }
  return [pid, ...children.flatMap(withChildren)];
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...t] = readFileSync("/proc/stat", "utf8").split("\n")[0].split(/\s+/).map(Number);
  const idle = t[3] + t[4];
  return (t.reduce((a, b) => a + (b || 0), 0) - idle) / 100;
}

function autocannon(url: string, args: string[], seconds = DURATION_S): Promise<{ r: { requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; non2xx: number }; pid: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    let cpu = 0;
    const child = execFile(
      path.resolve("node_modules/.bin/autocannon"),
      ["--json", "-d", String(seconds), ...args, url],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        clearInterval(sampler);
        if (err || !stdout.includes("{")) return reject(new Error(stderr || err?.message || "autocannon printed nothing"));
        resolve({ r: JSON.parse(stdout.slice(stdout.indexOf("{"))), pid: child.pid!, cpu });
      },
    );
    // autocannon's own CPU, read while it runs (its /proc entry is gone once it has exited).
    const sampler = setInterval(() => (cpu = Math.max(cpu, cpuSeconds(child.pid!))), 200);
  });
}

/** The Postgres server processes serving the cluster's database (the replicas' pools). */
async function backendPids(sql: postgres.Sql, database: string): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  return rows.map((r) => r.pid);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function measure(cluster: ScaleOutCluster, sql: postgres.Sql, url: string, args: string[]): Promise<Figures> {
  const replicaPids = cluster.replicas.map((r) => r.child!.pid!);
  const nginxPids = withChildren(cluster.nginxPid());
  const database = new URL(cluster.databaseUrl).pathname.slice(1);
  // Backends opened during the run count from zero; those open before count from where they were.
  const pgBefore = new Map((await backendPids(sql, database)).map((pid) => [pid, cpuSeconds(pid)]));
  const before = { replicas: replicaPids.map(cpuSeconds), nginx: nginxPids.map(cpuSeconds), machine: machineBusySeconds() };
  const t0 = performance.now();
  const { r, cpu } = await autocannon(url, args);
  const seconds = (performance.now() - t0) / 1000;
  const nginx = nginxPids.map(cpuSeconds).reduce((a, b) => a + b, 0) - before.nginx.reduce((a, b) => a + b, 0);
  const replicas = replicaPids.map((pid, i) => (cpuSeconds(pid) - before.replicas[i]) / seconds);
  const machine = (machineBusySeconds() - before.machine) / seconds;
  const pg = sum((await backendPids(sql, database)).map((pid) => cpuSeconds(pid) - (pgBefore.get(pid) ?? 0))) / seconds;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.errors + r.timeouts + r.non2xx,
    cpu: { replicas, nginx: nginx / seconds, autocannon: cpu / seconds, postgres: pg, machine },
  };
}

export async function benchScaleOut(): Promise<void> {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL || !nginxAvailable()) {
    console.log("scale-out: skipped (needs DATABASE_URL, REDIS_URL and Debian's nginx)");
    return;
  }
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  ensureProductionBuild(distDir);
  const cluster = await ScaleOutCluster.start({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, distDir, replicas: 2, workers: 0 });
  // Run on the same machine as the Postgres server (loopback), so its backends' /proc entries are readable.
  const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const { admissionSecret, keptKey, linkToken } = cluster.seed;
    const body = JSON.stringify({ NodePublic: keptKey, Source: "198.51.100.7:41641" });
    const targets = [
      { label: "admission POST", url: `${cluster.url}/api/derp/admission/${admissionSecret}`, args: ["-m", "POST", "-b", body, "-c", "50"] },
      { label: "direct link GET", url: `${cluster.url}/acl/${linkToken}`, args: ["-c", "20"] },
    ];
    const setups = [
      { label: "1 replica", replicas: cluster.replicas.slice(0, 1) },
      { label: "2 replicas", replicas: cluster.replicas },
    ];
    const results = new Map<string, Figures[]>();
    console.log(
      `scale-out through nginx: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the start, ` +
        `${ROUNDS} interleaved rounds of ${DURATION_S} s per endpoint and setup; medians`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const setup of setups) {
        await cluster.startNginx(setup.replicas);
        for (const t of targets) await autocannon(t.url, t.args, 2); // warm-up
        for (const t of targets) {
          const key = `${t.label}|${setup.label}`;
          results.set(key, [...(results.get(key) ?? []), await measure(cluster, sql, t.url, t.args)]);
        }
      }
    }
    const cores = (n: number) => n.toFixed(2);
    for (const t of targets) {
      const one = median(results.get(`${t.label}|1 replica`)!.map((f) => f.rps));
      for (const setup of setups) {
        const runs = results.get(`${t.label}|${setup.label}`)!;
        const rps = median(runs.map((f) => f.rps));
        const last = runs.at(-1)!.cpu;
        console.log(
          `${t.label.padEnd(16)} ${setup.label.padEnd(10)} ${Math.round(rps).toString().padStart(5)} req/s (x${(rps / one).toFixed(2)})  ` +
            `p50 ${median(runs.map((f) => f.p50))} ms  p99 ${median(runs.map((f) => f.p99))} ms  bad ${runs.reduce((n, f) => n + f.bad, 0)}  | ` +
            `cores: replicas ${last.replicas.slice(0, setup.replicas.length).map(cores).join(" + ")}, nginx ${cores(last.nginx)}, ` +
            `postgres ${cores(last.postgres)}, autocannon ${cores(last.autocannon)}, whole machine ${cores(last.machine)}`,
        );
      }
    }
  } finally {
    await sql.end();
    await cluster.stop();
  }
}

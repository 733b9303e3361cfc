/**
 * The product run the way README "Scale-out proof" describes, on this machine: Debian's nginx with
 * deploy/nginx/derpmanagement.conf in front of app replicas (the production build, `next start` on loopback
 * ports), separate workers, one fresh Postgres database and the shared Redis. Used by e2e/scale-out.spec.ts and
 * bench/scale-out.ts. Imports nothing of the app: the data comes from tests/helpers/scale-out-seed.ts, run as its
 * own process. Every process is started here and stopped by stop(); a guard kills them if the caller dies first.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { ScaleOutSeed } from "./scale-out-seed";
import { freePort } from "./free-port";

export type { ScaleOutSeed };

const root = path.resolve(__dirname, "../..");
const NGINX_CONF = path.join(root, "deploy/nginx/derpmanagement.conf");
const UPSTREAM_INCLUDE = "include /etc/nginx/derpmanagement-upstream.conf;";
const STALE_AFTER_MS = 12 * 60 * 60 * 1000;
export const NGINX_BIN = process.env.NGINX_BIN || "/usr/sbin/nginx";

export interface ClusterOptions {
  /** postgres:// URL of a server where a fresh database may be created (dropped by stop()). */
  databaseUrl: string;
  redisUrl: string;
  /** The build `next start` serves (default .next-e2e, the one Playwright's web server builds). */
  distDir?: string;
  replicas: number;
  workers: number;
  /** Extra environment for the workers (short job intervals). */
  workerEnv?: Record<string, string>;
  /** First of consecutive ports (nginx, then the replicas); default: free ports from the kernel. */
  basePort?: number;
}

export interface Worker {
  name: string;
  child: ChildProcess;
  launcher?: "tsx";
}

export interface Replica {
  name: string;
  port: number;
  url: string;
  child?: ChildProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when the program exists and runs; the spec fails (not skips) under CI when nginx is missing. */
export function nginxAvailable(): boolean {
  return spawnSync(NGINX_BIN, ["-v"], { stdio: "ignore" }).status === 0;
}

/** Builds the app into `distDir` when it has no build yet (the e2e web server and `npm start` build their own). */
export function ensureProductionBuild(distDir: string): void {
  if (existsSync(path.join(root, distDir, "BUILD_ID"))) return;
  console.log(`building the app into ${distDir}...`);
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`next build failed (${r.status})`);
}

export class ScaleOutCluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "derp-scale-out-"));
  readonly appSecret = randomBytes(32).toString("base64url");
  readonly replicas: Replica[] = [];
  readonly workers: Worker[] = [];
  nginxPort = 0;
  databaseUrl = "";
  seed!: ScaleOutSeed;
  private databaseName = "";
  private nginx: ChildProcess | undefined;
  private readonly children = new Set<ChildProcess>();
  private readonly guard = () => {
    for (const c of this.children) c.kill("SIGKILL");
  };

  private constructor(private readonly options: ClusterOptions) {
    process.once("exit", this.guard);
  }

  get url(): string {
    return `http://127.0.0.1:${this.nginxPort}`;
  }

  get distDir(): string {
    return this.options.distDir ?? ".next-e2e";
  }

  /** Database, seed, replicas (one after the other: each seeds at start-up), workers, nginx over all replicas. */
  static async start(options: ClusterOptions): Promise<ScaleOutCluster> {
    const cluster = new ScaleOutCluster(options);
    try {
      const ports = options.basePort
        ? Array.from({ length: options.replicas + 1 }, (_, i) => options.basePort! + i)
        : await Promise.all(Array.from({ length: options.replicas + 1 }, () => freePort()));
      cluster.nginxPort = ports[0];
      await cluster.createDatabase();
      cluster.seed = cluster.runSeed();
      for (let i = 0; i < options.replicas; i++) {
        const port = ports[i + 1];
        cluster.replicas.push({ name: `app${i + 1}`, port, url: `http://127.0.0.1:${port}` });
      }
      for (const r of cluster.replicas) await cluster.startReplica(r);
      for (let i = 0; i < options.workers; i++) cluster.startWorker(`worker${i + 1}`);
      await cluster.startNginx(cluster.replicas);
      return cluster;
    } catch (e) {
      await cluster.stop(true);
      throw e;
    }
  }

  private async createDatabase(): Promise<void> {
    const admin = postgres(this.options.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      // Databases of runs that were killed before they could drop theirs.
      const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'derp\\_scale\\_out\\_%'`;
      for (const { datname } of stale) {
        const startedAt = Number(datname.split("_")[3]);
        if (Number.isFinite(startedAt) && Date.now() - startedAt > STALE_AFTER_MS) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      }
      this.databaseName = `derp_scale_out_${Date.now()}_${randomBytes(3).toString("hex")}`;
      await admin.unsafe(`create database "${this.databaseName}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(this.options.databaseUrl);
    url.pathname = `/${this.databaseName}`;
    this.databaseUrl = url.toString();
  }

  private runSeed(): ScaleOutSeed {
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(root, "tests/helpers/scale-out-seed.ts"), this.databaseUrl], {
      cwd: root,
      env: { ...this.baseEnv(), LOG_LEVEL: "warn" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      timeout: 120_000,
    });
    return JSON.parse(out.trim().split("\n").pop()!) as ScaleOutSeed;
  }

  /** What every process of the cluster shares: database, Redis, secret, one trusted proxy. */
  private baseEnv(): NodeJS.ProcessEnv {
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.options.redisUrl,
      APP_SECRET: this.appSecret,
      APP_URL: this.url,
      TRUST_PROXY_HOPS: "1",
      EMBEDDED_WORKER: "false",
      NEXT_DIST_DIR: this.distDir,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    };
    // next start sets production itself; an inherited NODE_ENV=test would confuse it.
    delete env.NODE_ENV;
    delete env.PGLITE_DIR;
    delete env.ADMIN_EMAIL;
    delete env.ADMIN_PASSWORD;
    delete env.ADMISSION_PORT;
    return env as NodeJS.ProcessEnv;
  }

  private spawnLogged(name: string, file: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const log = createWriteStream(path.join(this.dir, `${name}.log`), { flags: "a" });
    const child = spawn(file, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.add(child);
    child.once("exit", () => this.children.delete(child));
    return child;
  }

  /** `next start` on the replica's loopback port; resolves when /api/healthz answers 200. */
  async startReplica(replica: Replica): Promise<void> {
    if (!existsSync(path.join(root, this.distDir, "BUILD_ID"))) throw new Error(`no production build in ${this.distDir} (run next build first)`);
    const nextBin = path.join(root, "node_modules/next/dist/bin/next");
    // With the preload production starts the server with (scripts/graceful-stop.mjs): how it stops on SIGTERM.
    const preload = ["--import", path.join(root, "scripts/graceful-stop.mjs")];
    replica.child = this.spawnLogged(replica.name, process.execPath, [...preload, nextBin, "start", "-p", String(replica.port), "-H", "127.0.0.1"], {
      ...this.baseEnv(),
      PORT: String(replica.port),
    });
    await this.waitFor(`${replica.name} /api/healthz`, replica.child, async () => (await fetch(`${replica.url}/api/healthz`)).ok, 120_000);
  }

  /**
   * `npm run worker`'s program without npm or tsx's launcher in between, so a signal reaches the worker itself;
   * or, with `launcher: "tsx"`, exactly as the worker image runs it (`node_modules/.bin/tsx worker/index.ts`): a
   * launcher process that starts the worker as its child and relays SIGTERM to it, as `docker stop` and
   * Kubernetes signal only the container's first process.
   */
  startWorker(name: string, options: { launcher?: "tsx" } = {}): void {
    const env = { ...this.baseEnv(), ...this.options.workerEnv };
    const child =
      options.launcher === "tsx"
        ? this.spawnLogged(name, path.join(root, "node_modules/.bin/tsx"), [path.join(root, "worker/index.ts")], env)
        : this.spawnLogged(name, process.execPath, ["--import", "tsx", path.join(root, "worker/index.ts")], env);
    this.workers.push({ name, child, launcher: options.launcher });
  }

  /**
   * The process id the worker logs its runs with (system_log's context.pid): the child's own, or under tsx's
   * launcher the launcher's one child (Linux's /proc), once it has started.
   */
  workerPid(worker: Worker): number | undefined {
    const pid = worker.child.pid;
    if (!pid || worker.launcher !== "tsx") return pid;
    const childrenFile = `/proc/${pid}/task/${pid}/children`;
    if (!existsSync(childrenFile)) return undefined;
    const launched = readFileSync(childrenFile, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return launched.length === 1 ? launched[0] : undefined;
  }

  /** nginx in the foreground with its own prefix, pid, temp folders and logs; the production server block as is. */
  async startNginx(replicas: Replica[]): Promise<void> {
    if (this.nginx) await this.stopProcess(this.nginx);
    const d = path.join(this.dir, "nginx");
    mkdirSync(path.join(d, "tmp"), { recursive: true });
    const upstream = path.join(d, "upstream.conf");
    writeFileSync(
      upstream,
      [
        "upstream derpmanagement_app {",
        ...replicas.map((r) => `    server 127.0.0.1:${r.port} max_fails=1 fail_timeout=10s;`),
        "    keepalive 32;",
        "    keepalive_timeout 4s;",
        "}",
        "",
      ].join("\n"),
    );
    writeFileSync(path.join(d, "derpmanagement.conf"), renderServerConf(readFileSync(NGINX_CONF, "utf8"), upstream, this.nginxPort));
    writeFileSync(
      path.join(d, "nginx.conf"),
      [
        "daemon off;",
        "worker_processes 1;",
        `pid ${d}/nginx.pid;`,
        `error_log ${d}/error.log warn;`,
        "events { worker_connections 1024; }",
        "http {",
        `  client_body_temp_path ${d}/tmp/body;`,
        `  proxy_temp_path ${d}/tmp/proxy;`,
        `  fastcgi_temp_path ${d}/tmp/fastcgi;`,
        `  uwsgi_temp_path ${d}/tmp/uwsgi;`,
        `  scgi_temp_path ${d}/tmp/scgi;`,
        // Which replica (or replicas, after a retry) served each request: the proof reads it.
        `  log_format upstreams '$msec $request_method $request_uri $status "$upstream_addr" "$upstream_status"';`,
        `  access_log ${d}/access.log upstreams;`,
        `  include ${d}/derpmanagement.conf;`,
        "}",
        "",
      ].join("\n"),
    );
    const test = spawnSync(NGINX_BIN, ["-t", "-p", d, "-c", `${d}/nginx.conf`, "-e", `${d}/error.log`], { encoding: "utf8" });
    if (test.status !== 0) throw new Error(`nginx -t failed: ${test.stderr}`);
    this.nginx = this.spawnLogged("nginx", NGINX_BIN, ["-p", d, "-c", `${d}/nginx.conf`, "-e", `${d}/error.log`], process.env);
    await this.waitFor("nginx", this.nginx, async () => (await fetch(`${this.url}/api/healthz`)).ok, 20_000);
  }

  /** The nginx master's process id (its workers are its children). */
  nginxPid(): number {
    if (!this.nginx?.pid) throw new Error("nginx is not running");
    return this.nginx.pid;
  }

  /** nginx's access log: one line per request, with the upstream address(es) that served it. */
  accessLog(): string[] {
    const file = path.join(this.dir, "nginx", "access.log");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  }

  /** nginx's error log: why it passed a request on, or why it could not. */
  errorLog(): string[] {
    const file = path.join(this.dir, "nginx", "error.log");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  }

  private async waitFor(what: string, child: ChildProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await ready().catch(() => false)) return;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what}: the process exited (see ${this.dir})`);
      if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s (see ${this.dir})`);
      await sleep(250);
    }
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  async stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops everything, drops the database; keeps the logs folder when asked (a failing test prints its path). */
  async stop(keepLogs = false): Promise<void> {
    // A worker under tsx's launcher is the launcher's child: if the launcher had to be killed, it is left over.
    const launched = this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).map((w) => this.workerPid(w));
    await Promise.all([...this.children].map((c) => this.stopProcess(c)));
    for (const pid of launched) {
      if (pid && isRunning(pid)) process.kill(pid, "SIGKILL");
    }
    process.removeListener("exit", this.guard);
    if (this.databaseName) {
      const admin = postgres(this.options.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists "${this.databaseName}" with (force)`);
      } finally {
        await admin.end();
      }
    }
    if (!keepLogs) rmSync(this.dir, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // ESRCH: no such process; EPERM would mean one that exists.
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * The production server block with only what must differ on a test machine replaced: the upstream file and the
 * listening address. Fails if the file no longer has those lines, so the test never runs a config of its own.
 */
export function renderServerConf(conf: string, upstreamFile: string, port: number): string {
  const listen = /^\s*listen 80;\n/m;
  const listen6 = /^\s*listen \[::\]:80;\n/m;
  if (!conf.includes(UPSTREAM_INCLUDE) || !listen.test(conf) || !listen6.test(conf)) {
    throw new Error(`${NGINX_CONF}: expected "${UPSTREAM_INCLUDE}", "listen 80;" and "listen [::]:80;"`);
  }
  return conf
    .replace(UPSTREAM_INCLUDE, `include ${upstreamFile};`)
    .replace(listen, `    listen 127.0.0.1:${port};\n`)
    .replace(listen6, "");
}

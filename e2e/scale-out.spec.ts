import { randomBytes } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import postgres from "postgres";
import { nginxAvailable, ScaleOutCluster, type Replica } from "../tests/helpers/scale-out-cluster";

// README "Scale-out proof": Debian's nginx with deploy/nginx/derpmanagement.conf in front of two app replicas (the
// production build Playwright's web server made, `next start` on loopback ports), two workers, one fresh Postgres
// database and the shared Redis. Every process is started by the cluster helper and stopped in afterAll.

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
/** The workers' short intervals (seconds dividing a minute, as lib/env.ts wants). */
const JOB_INTERVAL_S = 2;
const HANDED_OVER_JOBS = ["rental-lifecycle", "traffic-sample"];

let cluster: ScaleOutCluster | undefined;
let sql: postgres.Sql | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const missing = [!DATABASE_URL && "DATABASE_URL", !REDIS_URL && "REDIS_URL", !nginxAvailable() && "nginx (apt-get install nginx)"].filter(Boolean);
  // Under CI the proof must run: a missing part is a failure there, a skip only on a developer's machine.
  if (missing.length > 0 && process.env.CI) throw new Error(`the scale-out proof needs ${missing.join(", ")}`);
  test.skip(missing.length > 0, `needs ${missing.join(", ")}`);
  cluster = await ScaleOutCluster.start({
    databaseUrl: DATABASE_URL!,
    redisUrl: REDIS_URL!,
    // The build e2e/serve.mjs made (or found up to date) for this very run.
    distDir: process.env.NEXT_DIST_DIR || ".next-e2e",
    replicas: 2,
    workers: 2,
    basePort: process.env.SCALE_OUT_PORT ? Number(process.env.SCALE_OUT_PORT) : undefined,
    workerEnv: {
      RENTAL_JOB_INTERVAL_SECONDS: String(JOB_INTERVAL_S),
      TRAFFIC_SAMPLE_INTERVAL_SECONDS: String(JOB_INTERVAL_S),
    },
  });
  sql = postgres(cluster.databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  const failed = test.info().status !== test.info().expectedStatus;
  if (failed && cluster) console.log(`[scale-out] logs kept in ${cluster.dir}`);
  await sql?.end();
  await cluster?.stop(failed);
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; error?: string };

/**
 * One HTTP request with node:http, which can choose the local address (127.0.0.x: a client address of the
 * test's own, so nginx sees it as $remote_addr). A network error is an answer with status 0, for the load test
 * to count.
 */
function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, localAddress: init.localAddress, agent: init.agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => resolve({ status: 0, headers: {}, text: "", error: e.message }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (e) => resolve({ status: 0, headers: {}, text: "", error: e.message }));
    req.end(init.body);
  });
}

const json = { "Content-Type": "application/json" };

function login(base: string, email: string, password: string, localAddress?: string, extra: Record<string, string> = {}): Promise<Answer> {
  return send(`${base}/api/user/login`, { method: "POST", headers: { ...json, ...extra }, body: JSON.stringify({ email, password }), localAddress });
}

/** The session cookie(s) a login answer set, as a Cookie header. */
function cookieOf(answer: Answer): string {
  const cookies = (answer.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]);
  expect(cookies.length, "the login set a cookie").toBeGreaterThan(0);
  return cookies.join("; ");
}

async function admission(base: string, nodeKey: string, agent?: http.Agent): Promise<Answer> {
  // derper's call: a POST with no Content-Type.
  return send(`${base}/api/derp/admission/${cluster!.seed.admissionSecret}`, { method: "POST", body: JSON.stringify({ NodePublic: nodeKey, Source: "198.51.100.7:41641" }), agent });
}

const replica = (i: number): Replica => cluster!.replicas[i];
/**
 * A loopback address of the test's own (127.0.x.y: all of 127/8 is this machine), so that its failed-login
 * counter is nobody else's; Next.js fills X-Forwarded-For with the socket's address when a request comes
 * without one, so a replica reached directly counts its logins per address too.
 */
async function ownAddress(): Promise<string> {
  const address = `127.0.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
  await forgetThrottle(`loginIp:${address}`);
  return address;
}

/** Deletes a throttle counter in the shared Redis (the store the replicas use). */
async function forgetThrottle(key: string): Promise<void> {
  const redis = new Redis(REDIS_URL!);
  try {
    await redis.del(`throttle:${key}`);
  } finally {
    await redis.quit();
  }
}

test("login throttles are shared by the replicas, per account and per client address behind nginx", async () => {
  const { email, password } = cluster!.seed;
  const [a, b] = [replica(0), replica(1)];
  // Per account: five wrong passwords, alternating between the replicas directly; then the right one is refused.
  // Each attempt from another address, so that only the account's counter can run out.
  for (let i = 0; i < 5; i++) {
    const r = await login((i % 2 === 0 ? a : b).url, email, "a wrong password", await ownAddress());
    expect(r.status, r.text).toBe(401);
  }
  const refused = await login(b.url, email, password, await ownAddress());
  expect(refused.status, refused.text).toBe(429);
  expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  expect(JSON.parse(refused.text).error.code).toBe("rate_limited");

  // Per address, through nginx: nginx round-robins the attempts over both replicas, and each claims another
  // address in X-Forwarded-For, which the app ignores (it trusts the one entry nginx appended).
  const address = await ownAddress();
  const before = cluster!.accessLog().length;
  for (let i = 0; i < 5; i++) {
    const r = await login(cluster!.url, `nobody-${i}-${randomBytes(4).toString("hex")}@example.com`, "wrong", address, { "X-Forwarded-For": `203.0.113.${i + 1}` });
    expect(r.status, r.text).toBe(401);
  }
  const sixth = await login(cluster!.url, `nobody-6-${randomBytes(4).toString("hex")}@example.com`, "wrong", address, { "X-Forwarded-For": "203.0.113.99" });
  expect(sixth.status, sixth.text).toBe(429);
  await forgetThrottle(`loginIp:${address}`);
  const served = new Set(cluster!.accessLog().slice(before).filter((l) => l.includes("/api/user/login")).map((l) => l.split('"')[1]));
  expect([...served].sort(), "both replicas answered the attempts").toEqual([a, b].map((r) => `127.0.0.1:${r.port}`).sort());

  // The body cap: nginx refuses more than 1 MiB before any replica reads it.
  const big = await send(`${cluster!.url}/api/user/login`, { method: "POST", headers: json, body: "x".repeat(2 * 1024 * 1024) });
  expect(big.status).toBe(413);
});

test("a device removed through replica A is refused by admission on replica B within 1 s", async () => {
  const { email, password, removableKey, keptKey, removableDeviceId } = cluster!.seed;
  const [a, b] = [replica(0), replica(1)];
  // B has the device's facts in its cache (a first answer allows it).
  for (const key of [removableKey, keptKey]) expect(JSON.parse((await admission(b.url, key)).text)).toEqual({ Allow: true });
  // The throttle test used up this account's failed logins (15 minutes): forget them, then log in on A.
  await forgetThrottle(`loginAccount:${email}`);
  const session = await login(a.url, email, password, await ownAddress());
  expect(session.status, session.text).toBe(200);
  const removed = await send(`${a.url}/api/devices/${removableDeviceId}`, { method: "DELETE", headers: { Cookie: cookieOf(session) } });
  expect(removed.status, removed.text).toBe(204);
  const t0 = performance.now();
  let refusedAfterMs = -1;
  while (performance.now() - t0 < 3_000) {
    if (JSON.parse((await admission(b.url, removableKey)).text).Allow === false) {
      refusedAfterMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(`[scale-out] replica B refused the removed device ${refusedAfterMs.toFixed(0)} ms after replica A's answer`);
  expect(refusedAfterMs).toBeGreaterThanOrEqual(0);
  expect(refusedAfterMs).toBeLessThan(1_000);
  expect(JSON.parse((await admission(b.url, keptKey)).text)).toEqual({ Allow: true });
});

type Run = { job: string; pid: number; outcome: string; startedAt: Date; durationMs: number };
/** A run that got the lock ("ok" or "failed": the job's own errors do not matter here), not a "skipped" one. */
const ran = (r: Run) => r.outcome !== "skipped";

async function runs(jobs: string[]): Promise<Run[]> {
  const rows = await sql!<{ context: { job: string; pid: number; outcome: string; startedAt: string; durationMs: number } }[]>`
    select context from system_log where source = 'worker' and context->>'job' in ${sql!(jobs)} order by id`;
  return rows.map(({ context: c }) => ({ job: c.job, pid: c.pid, outcome: c.outcome, startedAt: new Date(c.startedAt), durationMs: c.durationMs }));
}

/**
 * A run that lasts: the rentals table locked in a transaction of its own, so the rental job's first query waits
 * and the worker that took the job's lock for this run (the leader) keeps it until `release`.
 */
async function holdRentalsTable(): Promise<{ lockedAt: Date; release: () => Promise<void> }> {
  const blocker = postgres(cluster!.databaseUrl, { max: 1, onnotice: () => {} });
  const table = await blocker.reserve();
  await table`begin`;
  await table`lock table rentals in access exclusive mode`;
  return {
    lockedAt: new Date(),
    release: async () => {
      await table`rollback`;
      table.release();
      await blocker.end();
    },
  };
}

/**
 * The worker whose ticks found `job`'s lock taken twice in a row since `since` (the standby while the other
 * holds it), polled for; `check` sees the runs since then on every poll.
 */
async function standbyOf(job: string, since: Date, check: (runsSince: Run[]) => void = () => undefined): Promise<number> {
  let standbyPid: number | undefined;
  await expect
    .poll(
      async () => {
        const runsSince = (await runs([job])).filter((r) => r.startedAt > since);
        check(runsSince);
        const [x, y] = runsSince.slice(-2);
        if (x && y && x.outcome === "skipped" && y.outcome === "skipped" && x.pid === y.pid) standbyPid = x.pid;
        return standbyPid;
      },
      { timeout: 20_000 },
    )
    .toBeDefined();
  return standbyPid!;
}

test("each job runs on one worker at a time, and killing the worker in the middle of a run hands the job to the other within one interval", async () => {
  test.setTimeout(120_000);
  const pids = cluster!.workers.map((w) => w.child.pid!);
  // Both workers fire every job at the same second; a few ticks of contention first.
  await expect.poll(async () => (await runs(HANDED_OVER_JOBS)).filter(ran).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(6);

  // A run that lasts: the test locks the rentals table, so the rental job's first query waits, and the worker
  // that took the job's lock for this run (the leader) keeps it for as long as the test wants.
  const job = HANDED_OVER_JOBS[0];
  const { lockedAt, release } = await holdRentalsTable();
  // Meanwhile the other worker's ticks find the job's lock taken: two skipped runs in a row by one worker, and
  // no run of the job that started since has ended.
  const standbyPid = await standbyOf(job, lockedAt, (since) => expect(since.filter(ran), "no run ends while the leader's run waits").toEqual([]));
  expect(pids).toContain(standbyPid);
  const leader = cluster!.workers.find((w) => w.child.pid !== standbyPid)!;
  const survivor = cluster!.workers.find((w) => w.child.pid === standbyPid)!;

  // Kill the leader in the middle of its run (SIGKILL: no clean shutdown; the job's lock goes with its
  // connection), then let the table go so that the survivor's run can do its work.
  await cluster!.stopProcess(leader.child, "SIGKILL");
  const killedAt = new Date();
  const skipped = (await runs([job])).filter((r) => r.startedAt > lockedAt && r.outcome === "skipped").length;
  console.log(`[scale-out] ${job}: worker ${leader.child.pid}'s run waited ${killedAt.getTime() - lockedAt.getTime()} ms; worker ${standbyPid} found the lock taken ${skipped} times`);
  await release();
  for (const name of HANDED_OVER_JOBS) {
    await expect
      .poll(async () => (await runs([name])).some((r) => ran(r) && r.pid === survivor.child.pid && r.startedAt > killedAt), { timeout: 10_000 })
      .toBe(true);
    const next = (await runs([name])).find((r) => ran(r) && r.startedAt > killedAt)!;
    const afterMs = next.startedAt.getTime() - killedAt.getTime();
    console.log(`[scale-out] ${name}: worker ${survivor.child.pid} ran it ${afterMs} ms after worker ${leader.child.pid} was killed`);
    expect(next.pid).toBe(survivor.child.pid);
    // The next tick of the schedule, plus the time to start the run (cron ticks are whole seconds).
    expect(afterMs).toBeLessThanOrEqual(JOB_INTERVAL_S * 1000 + 500);
  }

  // How often both workers asked for the same run at once (one found the lock taken), for the report.
  const ticks = new Map<string, Run[]>();
  for (const r of await runs(HANDED_OVER_JOBS)) {
    const key = `${r.job}@${Math.floor(r.startedAt.getTime() / 1000)}`;
    ticks.set(key, [...(ticks.get(key) ?? []), r]);
  }
  const contended = [...ticks.values()].filter((t) => t.some((r) => r.outcome === "skipped")).length;
  console.log(`[scale-out] ${ticks.size} job ticks, ${contended} with a worker that found the lock taken`);
});

type Result = { kind: string; status: number; error?: string; key?: string };

/**
 * Load through nginx until `stop()`: two loops each of direct-link GETs, admission POSTs (the seed's kept key) and
 * device POSTs (new keys, named `deviceName`), on kept-alive connections. `byKind()` groups the answers and prints
 * each kind's count and failures after `label`.
 */
function startLoad(cookie: string, deviceName: string, label: string) {
  const { keptKey, linkToken } = cluster!.seed;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const results: Result[] = [];
  let stopped = false;
  const loop = async (once: () => Promise<Result>) => {
    while (!stopped) results.push(await once());
  };
  const directLink = async (): Promise<Result> => ({ kind: "direct link GET", ...(await send(`${cluster!.url}/acl/${linkToken}`, { agent })) });
  const admit = async (): Promise<Result> => {
    const r = await admission(cluster!.url, keptKey, agent);
    return { kind: "admission POST", status: r.status === 200 && JSON.parse(r.text).Allow === true ? 200 : r.status || 0, error: r.error ?? (r.status === 200 ? undefined : r.text) };
  };
  const write = async (): Promise<Result> => {
    const key = `nodekey:${randomBytes(32).toString("hex")}`;
    const r = await send(`${cluster!.url}/api/devices`, { method: "POST", agent, headers: { ...json, Cookie: cookie }, body: JSON.stringify({ name: deviceName, nodeKey: key }) });
    return { kind: "device POST", status: r.status, error: r.error ?? (r.status === 201 ? undefined : r.text), key };
  };
  const loops = [loop(directLink), loop(directLink), loop(admit), loop(admit), loop(write), loop(write)];
  return {
    results,
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all(loops);
      agent.destroy();
    },
    byKind(): Map<string, Result[]> {
      const byKind = new Map<string, Result[]>();
      for (const r of results) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
      for (const [kind, rs] of byKind) {
        const bad = rs.filter((r) => !(r.status >= 200 && r.status < 300));
        const why = bad.map((r) => `${r.status} ${(r.error ?? "").replace(/\s+/g, " ").slice(0, 60)}`.trim());
        console.log(`${label}${kind}: ${rs.length} requests, ${bad.length} not 2xx${bad.length ? `: ${why.join("; ")}` : ""}`);
      }
      return byKind;
    },
  };
}

test("killing one app replica under load loses no request nginx can retry and no write", async () => {
  test.setTimeout(120_000);
  const { email, password } = cluster!.seed;
  const [a, b] = [replica(0), replica(1)];
  await forgetThrottle(`loginAccount:${email}`);
  const session = await login(cluster!.url, email, password, await ownAddress());
  expect(session.status, session.text).toBe(200);
  const cookie = cookieOf(session);
  const logStart = cluster!.accessLog().length;
  const load = startLoad(cookie, "load", "[scale-out] ");
  const results = load.results;
  await new Promise((r) => setTimeout(r, 3_000));
  // Both replicas are serving before one dies.
  const servedBefore = new Set(cluster!.accessLog().slice(logStart).map((l) => l.split('"')[1]));
  expect(servedBefore.has(`127.0.0.1:${b.port}`) && servedBefore.has(`127.0.0.1:${a.port}`), [...servedBefore].join(" ")).toBe(true);
  const countAtKill = results.length;
  await cluster!.stopProcess(b.child!, "SIGKILL");
  await new Promise((r) => setTimeout(r, 4_000));
  await load.stop();
  const byKind = load.byKind();
  expect(results.length - countAtKill, "requests kept coming after the kill").toBeGreaterThan(20);
  // nginx passes GETs and admission (marked safe to retry) on to the other replica when the dead one gave no
  // answer: none of those may fail. Only an answer the dead replica had begun to send can not be retried
  // (nginx has passed its status line on to the client): such a request is cut off, and nginx's error log names
  // it "while reading upstream" (the body), never "while reading response header".
  const retryable = [...byKind.get("direct link GET")!, ...byKind.get("admission POST")!];
  const lost = retryable.filter((r) => r.status !== 200);
  expect(lost.every((r) => r.status === 0 && r.error === "aborted"), lost.map((r) => `${r.kind} ${r.status} ${r.error}`).join("; ")).toBe(true);
  const cutMidAnswer = cluster!.errorLog().filter((l) => /while reading upstream, /.test(l) && !l.includes("/api/devices")).length;
  console.log(`[scale-out] ${lost.length} retryable requests cut off in the middle of the dead replica's answer (nginx logged ${cutMidAnswer})`);
  expect(lost.length).toBeLessThanOrEqual(cutMidAnswer);
  // A write in flight on the killed replica may get 502 (nginx does not resend a POST that reached it); every
  // other write succeeded, every 201 is in the database, and nothing is there twice or unasked for.
  const writes = byKind.get("device POST")!;
  const failedWrites = writes.filter((r) => r.status !== 201);
  expect(failedWrites.every((r) => r.status === 502), failedWrites.map((r) => `${r.status} ${r.error}`).join("; ")).toBe(true);
  expect(failedWrites.length, "at most one write in flight per writer when the replica died").toBeLessThanOrEqual(2);
  const stored = await sql!<{ node_key: string }[]>`select node_key from devices where name = 'load'`;
  const storedKeys = stored.map((r) => r.node_key);
  expect(new Set(storedKeys).size).toBe(storedKeys.length);
  const sent = new Set(writes.map((r) => r.key!));
  expect(storedKeys.filter((k) => !sent.has(k)), "no device nobody asked for").toEqual([]);
  const stored201 = new Set(storedKeys);
  expect(writes.filter((r) => r.status === 201 && !stored201.has(r.key!)), "every acknowledged write is stored").toEqual([]);
  const uncertain = failedWrites.filter((r) => stored201.has(r.key!)).length;
  console.log(`[scale-out] writes: ${writes.length - failedWrites.length} acknowledged and stored; ${failedWrites.length} answered 502, of which ${uncertain} had committed`);

  // nginx did retry: some request went to the dead replica first and was answered by the other one.
  const retried = cluster!.accessLog().slice(logStart).filter((l) => l.includes(`"127.0.0.1:${b.port}, 127.0.0.1:${a.port}"`));
  expect(retried.length, "a request was passed on to the surviving replica").toBeGreaterThan(0);
});

/** Resolves with the exit code (or signal) once the process has exited, or undefined after `ms`. */
function exitWithin(child: import("node:child_process").ChildProcess, ms: number): Promise<string | undefined> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(String(child.exitCode ?? child.signalCode));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(String(code ?? signal));
    });
  });
}

/** The bound within which a stopped process must exit by itself (Kubernetes' default grace period is 30 s). */
const GRACEFUL_EXIT_MS = 30_000;

test("a replica stopped with SIGTERM under load (a rolling restart) loses no request and no write", async () => {
  test.setTimeout(180_000);
  const { email, password } = cluster!.seed;
  const [a, b] = [replica(0), replica(1)];
  // The previous test killed B: a new B on the same port, which nginx takes back once its 10 s fail_timeout ends.
  await cluster!.startReplica(b);
  await forgetThrottle(`loginAccount:${email}`);
  const session = await login(cluster!.url, email, password, await ownAddress());
  expect(session.status, session.text).toBe(200);
  const cookie = cookieOf(session);
  const logStart = cluster!.accessLog().length;
  const load = startLoad(cookie, "rolling", "[scale-out] SIGTERM: ");
  const results = load.results;
  // And a client of B's own on one kept-alive connection, which it keeps busy whatever happens: a proxy that has
  // not noticed that B is stopping. B must tell it to go (Connection: close) rather than serve it forever.
  const pinned = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const pinnedAnswers: { status: number; connection?: string; error?: string }[] = [];
  let pinnedStopped = false;
  const pinnedLoop = (async () => {
    while (!pinnedStopped) {
      const r = await send(`${b.url}/api/healthz`, { agent: pinned });
      pinnedAnswers.push({ status: r.status, connection: r.headers.connection, error: r.error });
      // Refused: B's port is closed; no need to hammer it.
      if (r.status === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  // Both replicas serving (nginx has taken B back) before B is stopped.
  const bAddress = `127.0.0.1:${b.port}`;
  const aAddress = `127.0.0.1:${a.port}`;
  const served = () => new Set(cluster!.accessLog().slice(logStart).map((l) => l.split('"')[1]));
  await expect.poll(() => served().has(bAddress) && served().has(aAddress), { timeout: 30_000 }).toBe(true);
  await new Promise((r) => setTimeout(r, 1_000));
  const countAtStop = results.length;
  const logAtStop = cluster!.accessLog().length;
  const stoppedAt = performance.now();
  b.child!.kill("SIGTERM");
  // The load goes on while B drains: in a rolling restart nothing waits for it. B must exit by itself.
  const exit = await exitWithin(b.child!, GRACEFUL_EXIT_MS);
  const exitMs = performance.now() - stoppedAt;
  await new Promise((r) => setTimeout(r, 2_000));
  await load.stop();
  pinnedStopped = true;
  await pinnedLoop;
  pinned.destroy();
  if (exit === undefined) await cluster!.stopProcess(b.child!, "SIGKILL");

  const byKind = load.byKind();
  const afterStop = cluster!.accessLog().slice(logAtStop);
  const answeredByB = afterStop.filter((l) => l.split('"')[1] === bAddress).length;
  const passedOn = afterStop.filter((l) => l.includes(`"${bAddress}, ${aAddress}"`)).length;
  console.log(
    `[scale-out] SIGTERM: replica B exited ${exit === undefined ? "NOT" : `(${exit})`} ${(exitMs / 1000).toFixed(1)} s after the signal; ` +
      `it answered ${answeredByB} requests after it, nginx passed ${passedOn} from B to A`,
  );
  expect(exit, `replica B exits by itself within ${GRACEFUL_EXIT_MS / 1000} s of SIGTERM`).toBeDefined();
  // B's own client: answered until B told it to close the connection, then refused (never reset or cut off).
  const told = pinnedAnswers.findIndex((r) => r.status === 200 && r.connection === "close");
  console.log(`[scale-out] SIGTERM: B's kept-alive client got ${told} answers before "Connection: close", then ${pinnedAnswers.length - told - 1} refused connections`);
  expect(told, "B answered its kept-alive client with Connection: close").toBeGreaterThan(0);
  expect(pinnedAnswers.slice(0, told).every((r) => r.status === 200)).toBe(true);
  expect(pinnedAnswers.slice(told + 1).map((r) => r.error ?? String(r.status)).filter((e) => !/ECONNREFUSED/.test(e))).toEqual([]);
  expect(results.length - countAtStop, "requests kept coming after the signal").toBeGreaterThan(20);
  // A graceful stop finishes what B has begun and refuses new connections, which nginx passes on (a refused
  // connection sent nothing, so POSTs too): every request succeeds, writes included.
  const failed = results.filter((r) => !(r.status >= 200 && r.status < 300));
  expect(failed.map((r) => `${r.kind} ${r.status} ${r.error ?? ""}`), "no request failed").toEqual([]);
  const writes = byKind.get("device POST")!;
  const stored = (await sql!<{ node_key: string }[]>`select node_key from devices where name = 'rolling'`).map((r) => r.node_key);
  expect(stored.length, "every write once").toBe(writes.length);
  expect(new Set(stored)).toEqual(new Set(writes.map((w) => w.key!)));
});

test("a worker stopped with SIGTERM in the middle of a run finishes it, exits by itself, and the other worker carries on", async () => {
  test.setTimeout(150_000);
  // The third test's survivor, stopped while it only waits for its next tick: it exits at once, cleanly.
  const old = cluster!.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  expect(old.length).toBe(1);
  old[0].child.kill("SIGTERM");
  expect(await exitWithin(old[0].child, GRACEFUL_EXIT_MS), "an idle worker exits with 0 on SIGTERM").toBe("0");
  // Two workers started as the worker image starts them (tsx's launcher first), so that the signal takes the
  // production path: to the launcher, which relays it to the worker.
  cluster!.startWorker("worker3", { launcher: "tsx" });
  cluster!.startWorker("worker4", { launcher: "tsx" });
  const live = cluster!.workers.slice(-2);
  const job = HANDED_OVER_JOBS[0];
  // Both are running their schedules, past the run each starts 3 s after its schedules (outside the cron ticks,
  // so not kept from overlapping: one that took the lock and waited would leave its own ticks skipping too).
  // Four runs of one worker span at least 6 s of 2 s ticks.
  let pids: number[] = [];
  await expect
    .poll(
      async () => {
        pids = live.map((w) => cluster!.workerPid(w) ?? -1);
        const all = await runs([job]);
        return pids.every((pid) => all.filter((r) => r.pid === pid).length >= 4);
      },
      { timeout: 60_000 },
    )
    .toBe(true);

  // A run that lasts, as in the third test: the rentals table locked, the leader's run waits in its first query.
  const { lockedAt, release } = await holdRentalsTable();
  const standbyPid = await standbyOf(job, lockedAt);
  expect(pids).toContain(standbyPid);
  const leader = live[pids.indexOf(standbyPid) === 0 ? 1 : 0];
  const leaderPid = pids[live.indexOf(leader)];

  // SIGTERM to the launcher while the leader's run waits: the worker must neither exit before the run has
  // ended nor be cut off (tsx's launcher kills a child that does not acknowledge the signal).
  leader.child.kill("SIGTERM");
  const termAt = new Date();
  expect(await exitWithin(leader.child, 2_000), "the worker waits for its running job").toBeUndefined();
  expect(cluster!.workerPid(leader), "the worker process itself is still there").toBe(leaderPid);
  await release();
  const exit = await exitWithin(leader.child, GRACEFUL_EXIT_MS);
  const exitMs = Date.now() - termAt.getTime();
  if (exit === undefined) await cluster!.stopProcess(leader.child, "SIGKILL");
  expect(exit, `the worker exits by itself within ${GRACEFUL_EXIT_MS / 1000} s of the table's release`).toBe("0");
  // The run that was waiting ended, and was recorded, by the stopped worker.
  const finished = (await runs([job])).filter((r) => r.pid === leaderPid && ran(r) && r.startedAt < termAt && r.startedAt.getTime() + r.durationMs > termAt.getTime());
  expect(finished.map((r) => r.outcome), "the leader's waiting run was finished and recorded").toEqual(["ok"]);
  console.log(`[scale-out] SIGTERM: worker ${leaderPid} finished its ${job} run (${finished[0].durationMs} ms) and exited ${exitMs} ms after the signal`);
  // And the other worker runs both jobs afterwards.
  const exitedAt = new Date();
  for (const name of HANDED_OVER_JOBS) {
    await expect.poll(async () => (await runs([name])).some((r) => ran(r) && r.pid === standbyPid && r.startedAt > exitedAt), { timeout: 10_000 }).toBe(true);
  }
});

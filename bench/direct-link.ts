import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { plans, regions, relays, rentals, servers, users } from "@/db/schema";
import { createDerpMapLink } from "@/lib/derp-map/links";
import { serveDirectLink } from "@/lib/derp-map/direct-link";
import { requestMeta } from "@/lib/http/request-meta";
import type { Db } from "@/db/client";
import { openBenchDb } from "./db";

const DURATION_S = Number(process.env.BENCH_DURATION_S || 10);
const CONNECTIONS = 20;

/**
 * Direct-link downloads (GET /acl/<token>) under load with autocannon, side by side in one run with a bare Node
 * `http` server answering the same body. The handler is lib/derp-map/direct-link.ts, the function the route
 * calls, served by a plain Node server (Next's routing is not part of it). Each 200 looks the token up, reads
 * the current version, renders, locates the client (DB-IP) and writes an access-log row; a 304 (what a poller
 * that sends If-None-Match gets) skips the rendering and the log.
 */
export async function benchDirectLink(): Promise<void> {
  process.env.TRUST_PROXY_HOPS = "1";
  // The app's default pool (DB_POOL_MAX): every request waits for a connection, so the pool size is part of it.
  const bench = await openBenchDb("direct_link", 10);
  const servers_: Server[] = [];
  try {
    const { db } = bench.handle;
    const token = await customerWithLink(db);
    const app = await listen(async (req, res) => {
      const url = new URL(req.url ?? "/", "http://bench");
      const headers = new Headers(req.headers as Record<string, string>);
      const answer = await serveDirectLink(db, url.pathname.slice("/acl/".length), url.searchParams.get("format"), headers.get("if-none-match"), requestMeta(headers));
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    servers_.push(app.server);
    const first = await fetch(`${app.url}/acl/${token}`, { headers: { "x-forwarded-for": "8.8.8.8" } });
    const body = await first.text();
    const etag = first.headers.get("etag")!;
    const bare = await listen(async (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
      res.end(body);
    });
    servers_.push(bare.server);

    console.log(`direct link: ${bench.label}, ${CONNECTIONS} connections, ${DURATION_S} s each, body ${body.length} bytes`);
    const rows: [string, Awaited<ReturnType<typeof autocannon>>][] = [
      ["bare node http, same body", await autocannon({ url: `${bare.url}/`, connections: CONNECTIONS, duration: DURATION_S })],
      ["direct link 200 (logged)", await autocannon({ url: `${app.url}/acl/${token}`, connections: CONNECTIONS, duration: DURATION_S, headers: { "x-forwarded-for": "8.8.8.8" } })],
      ["direct link 304 (ETag)", await autocannon({ url: `${app.url}/acl/${token}`, connections: CONNECTIONS, duration: DURATION_S, headers: { "x-forwarded-for": "8.8.8.8", "if-none-match": etag } })],
    ];
    const bareRps = rows[0][1].requests.average;
    for (const [label, r] of rows) {
      const share = ((r.requests.average / bareRps) * 100).toFixed(0);
      console.log(
        `  ${label.padEnd(28)} ${r.requests.average.toFixed(0).padStart(6)} req/s (${share}% of bare)  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.timeouts}, non-2xx ${r.non2xx}`,
      );
    }
  } finally {
    for (const s of servers_) s.close();
    await bench.dispose();
  }
}

async function customerWithLink(db: Db): Promise<string> {
  const [region] = await db.insert(regions).values({ code: "bench", nameEn: "Bench", nameZh: "基准" }).returning();
  const [server] = await db
    .insert(servers)
    .values({
      name: "bench",
      regionId: region.id,
      publicIpv4: "203.0.113.9",
      derpPortMin: 21000,
      derpPortMax: 21009,
      stunPortMin: 42000,
      stunPortMax: 42009,
      capacity: 5,
      networkMode: "bridge",
      relayMemoryLimitBytes: 256 * 1024 * 1024,
      relayCpuLimit: 0.5,
      dockerConnection: { kind: "socket", socketPath: "/nonexistent.sock" },
      enabled: false,
    })
    .returning();
  const [user] = await db.insert(users).values({ email: "bench-derp@example.com", passwordHash: "x", status: "active" }).returning();
  const [plan] = await db
    .insert(plans)
    .values({ nameEn: "Bench", nameZh: "基准", durationDays: 30, trafficQuotaBytes: 1e12, deviceLimit: 5, priceMinor: 1, currency: "USD" })
    .returning();
  const at = new Date();
  const [rental] = await db
    .insert(rentals)
    .values({ userId: user.id, planId: plan.id, status: "active", startsAt: at, expiresAt: new Date(at.getTime() + 864e5 * 30), trafficQuotaBytes: 1e12, deviceLimit: 5, derpRegionId: 900 })
    .returning();
  await db.insert(relays).values({
    serverId: server.id,
    kind: "customer",
    rentalId: rental.id,
    containerName: "bench-relay",
    derpPort: 21000,
    stunPort: 42000,
    hostname: "203.0.113.9",
    certName: `sha256-raw:${"ab".repeat(32)}`,
    state: "running",
  });
  const self = { id: user.id, email: user.email, role: user.role, locale: user.locale };
  return (await createDerpMapLink(db, self, user.id)).token;
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      handler(req, res).catch((e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      });
    });
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { now } from "@/lib/clock";

/**
 * What the state gauges show, read from the database in one go at scrape time. Each query is a grouped count
 * or a sum over a short recent window (indexed by time), so a scrape stays cheap as the tables grow.
 */
export interface FleetState {
  customers: { status: string; count: number }[];
  rentals: { status: string; count: number }[];
  relays: { state: string; kind: string; count: number }[];
  /** Enabled servers, with their region's code. */
  servers: { id: string; name: string; region: string; status: string; failingRelays: number }[];
  /** Relayed (billed, derper) bytes per second over the window, per server id. */
  traffic: Map<string, number>;
  probes: { serverId: string; kind: string; latestMs: number | null; p95Ms: number | null; loss: number }[];
  revenue: { currency: string; amountMinor: number; orders: number }[];
}

export interface Windows {
  /** Seconds of traffic samples averaged into the rate. */
  trafficSeconds: number;
  /** Seconds of probe results the loss and p95 are computed from. */
  probeSeconds: number;
}

const n = (v: unknown) => Number(v ?? 0);
const orNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function readFleetState(db: Db, windows: Windows): Promise<FleetState> {
  const at = now();
  const trafficSince = new Date(at.getTime() - windows.trafficSeconds * 1000).toISOString();
  const probeSince = new Date(at.getTime() - windows.probeSeconds * 1000).toISOString();
  const [customers, rentals, relays, servers, traffic, probes, revenue] = await Promise.all([
    queryRows(db, sql`select status::text as status, count(*) as count from users where role = 'customer' group by status`),
    queryRows(db, sql`select status::text as status, count(*) as count from rentals group by status`),
    queryRows(db, sql`select state::text as state, kind::text as kind, count(*) as count from relays group by state, kind`),
    queryRows(
      db,
      sql`select s.id, s.name, r.code as region, s.status::text as status,
            (select count(*) from relays l where l.server_id = s.id and l.state = 'running' and l.last_probe_ok = false) as failing
          from servers s join regions r on r.id = s.region_id where s.enabled`,
    ),
    queryRows(
      db,
      sql`select server_id, sum(derp_bytes) as bytes from relay_traffic_samples where at > ${trafficSince}::timestamptz group by server_id`,
    ),
    queryRows(
      db,
      sql`select server_id, kind::text as kind,
            count(*) as samples,
            count(*) filter (where not ok) as failures,
            percentile_cont(0.95) within group (order by rtt_ms) filter (where ok and rtt_ms is not null) as p95,
            (array_agg(rtt_ms order by at desc) filter (where ok and rtt_ms is not null))[1] as latest
          from probe_samples where at > ${probeSince}::timestamptz group by server_id, kind`,
    ),
    queryRows(db, sql`select currency, sum(amount_minor) as amount, sum(orders) as orders from revenue_daily group by currency`),
  ]);
  return {
    customers: customers.map((r) => ({ status: String(r.status), count: n(r.count) })),
    rentals: rentals.map((r) => ({ status: String(r.status), count: n(r.count) })),
    relays: relays.map((r) => ({ state: String(r.state), kind: String(r.kind), count: n(r.count) })),
    servers: servers.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      region: String(r.region),
      status: String(r.status),
      failingRelays: n(r.failing),
    })),
    traffic: new Map(traffic.map((r) => [String(r.server_id), n(r.bytes) / windows.trafficSeconds])),
    probes: probes.map((r) => ({
      serverId: String(r.server_id),
      kind: String(r.kind),
      latestMs: orNull(r.latest),
      p95Ms: orNull(r.p95),
      loss: n(r.samples) > 0 ? n(r.failures) / n(r.samples) : 0,
    })),
    revenue: revenue.map((r) => ({ currency: String(r.currency), amountMinor: n(r.amount), orders: n(r.orders) })),
  };
}

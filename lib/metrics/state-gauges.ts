import { sql } from "drizzle-orm";
import { Gauge } from "prom-client";
import type { Db } from "@/db/client";
import { relayKind, relayState, rentalStatus, serverStatus, userStatus } from "@/db/schema";
import { logger } from "@/lib/logger";
import { readFleetState, type FleetState, type Windows } from "./fleet-state";
import { once, stateRegistry } from "./registry";

function gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return once(stateRegistry, name, () => new Gauge({ name, help, labelNames, registers: [stateRegistry] }));
}

export const stateGauges = {
  databaseUp: gauge("dm_database_up", "1 when the database answered a ping at this scrape, 0 when it did not.", []),
  customers: gauge("dm_customers", "Customer accounts by status.", ["status"]),
  rentals: gauge("dm_rentals", "Rentals by status.", ["status"]),
  relays: gauge("dm_relays", "Relay containers by state and kind (customer, canary).", ["state", "kind"]),
  servers: gauge("dm_servers", "Enabled servers by health status.", ["status"]),
  serverStatus: gauge("dm_server_status", "1 for each enabled server's current health status, 0 for the others.", ["server", "region", "status"]),
  relaysProbeFailing: gauge("dm_relays_probe_failing", "Running relays whose last probe failed, per server.", ["server", "region"]),
  trafficRate: gauge("dm_traffic_bytes_per_second", "Relayed (billed) bytes per second over the recent window, per server.", ["server", "region"]),
  probeLatency: gauge("dm_probe_rtt_seconds", "Round-trip time of the latest successful probe, per server and probe kind.", ["server", "region", "kind"]),
  probeP95: gauge("dm_probe_rtt_p95_seconds", "95th percentile of probe round-trip times over the recent window.", ["server", "region", "kind"]),
  probeLoss: gauge("dm_probe_loss_ratio", "Share of failed probes over the recent window (0 to 1).", ["server", "region", "kind"]),
  revenue: gauge("dm_revenue_minor_units", "Paid revenue since the start, in minor units (cents), by currency.", ["currency"]),
  orders: gauge("dm_orders_paid", "Paid orders since the start, by currency.", ["currency"]),
};

const PING_TIMEOUT_MS = 3000;

/**
 * Reads the database once and sets every state gauge. A database that does not answer sets `dm_database_up`
 * to 0 and empties the other gauges (a stale figure would look current), so the scrape itself still succeeds
 * and the alert on the database can fire.
 */
export async function refreshStateGauges(db: () => Promise<Db>, windows: Windows): Promise<void> {
  let state: FleetState;
  try {
    const handle = await withTimeout(db(), PING_TIMEOUT_MS);
    await withTimeout(handle.execute(sql`select 1`), PING_TIMEOUT_MS);
    state = await readFleetState(handle, windows);
  } catch (e) {
    logger.warn({ err: e }, "metrics: database unavailable at scrape");
    for (const g of Object.values(stateGauges)) g.reset();
    stateGauges.databaseUp.set(0);
    return;
  }
  // Everything is set in one synchronous block, so a concurrent scrape never sees half of one reading.
  for (const g of Object.values(stateGauges)) g.reset();
  stateGauges.databaseUp.set(1);
  setCounts(stateGauges.customers, userStatus.enumValues, state.customers.map((r) => [{ status: r.status }, r.count]));
  setCounts(stateGauges.rentals, rentalStatus.enumValues, state.rentals.map((r) => [{ status: r.status }, r.count]));
  for (const state_ of relayState.enumValues) for (const kind of relayKind.enumValues) stateGauges.relays.set({ state: state_, kind }, 0);
  for (const r of state.relays) stateGauges.relays.set({ state: r.state, kind: r.kind }, r.count);
  for (const status of serverStatus.enumValues) stateGauges.servers.set({ status }, state.servers.filter((s) => s.status === status).length);
  const byId = new Map(state.servers.map((s) => [s.id, s]));
  for (const s of state.servers) {
    for (const status of serverStatus.enumValues) {
      stateGauges.serverStatus.set({ server: s.name, region: s.region, status }, s.status === status ? 1 : 0);
    }
    stateGauges.relaysProbeFailing.set({ server: s.name, region: s.region }, s.failingRelays);
    stateGauges.trafficRate.set({ server: s.name, region: s.region }, state.traffic.get(s.id) ?? 0);
  }
  for (const p of state.probes) {
    const s = byId.get(p.serverId);
    if (!s) continue; // a disabled server's probes are not shown
    const labels = { server: s.name, region: s.region, kind: p.kind };
    stateGauges.probeLoss.set(labels, p.loss);
    if (p.latestMs !== null) stateGauges.probeLatency.set(labels, p.latestMs / 1000);
    if (p.p95Ms !== null) stateGauges.probeP95.set(labels, p.p95Ms / 1000);
  }
  for (const r of state.revenue) {
    stateGauges.revenue.set({ currency: r.currency }, r.amountMinor);
    stateGauges.orders.set({ currency: r.currency }, r.orders);
  }
}

/** Every known value gets a series (0 when there is none), so a status that empties shows 0, not a gap. */
function setCounts(g: Gauge<"status">, known: readonly string[], rows: [{ status: string }, number][]): void {
  for (const status of known) g.set({ status }, 0);
  for (const [labels, count] of rows) g.set(labels, count);
}

function withTimeout<T>(p: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([Promise.resolve(p), timeout]).finally(() => clearTimeout(timer));
}

import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import type { ServerStatus } from "@/db/schema";
import { assertAdmin } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/current-user";

export interface RegionSummary {
  region: { id: string; code: string; nameEn: string; nameZh: string; active: boolean };
  servers: number;
  enabledServers: number;
  serversByStatus: Record<ServerStatus, number>;
  /** Distinct customers with a rental in the region that is not released. */
  customers: number;
  /** Customer relays that hold a slot (not released), and those of them running. */
  relays: number;
  relaysRunning: number;
  /** Sum of the enabled servers' capacity. */
  capacity: number;
  /** relaysRunning / capacity (0 without capacity). */
  load: number;
}

type Row = {
  id: string;
  code: string;
  name_en: string;
  name_zh: string;
  active: boolean;
  servers: number | string;
  enabled_servers: number | string;
  up: number | string;
  degraded: number | string;
  down: number | string;
  unknown: number | string;
  capacity: number | string;
  customers: number | string;
  relays: number | string;
  relays_running: number | string;
};

/** Admins only. Every region, in the order customers see them, with its servers, customers, relays and load. */
export async function summarizeRegions(db: DbOrTx, actor: SessionUser): Promise<RegionSummary[]> {
  assertAdmin(actor);
  const rows = await queryRows<Row>(
    db,
    sql`with per_server as (
          select s.region_id,
                 count(*) as servers,
                 count(*) filter (where s.enabled) as enabled_servers,
                 count(*) filter (where s.status = 'up') as up,
                 count(*) filter (where s.status = 'degraded') as degraded,
                 count(*) filter (where s.status = 'down') as down,
                 count(*) filter (where s.status = 'unknown') as unknown,
                 coalesce(sum(s.capacity) filter (where s.enabled), 0) as capacity
          from servers s group by s.region_id
        ), per_relay as (
          select s.region_id,
                 count(*) as relays,
                 count(*) filter (where l.state = 'running') as relays_running
          from relays l join servers s on s.id = l.server_id
          where l.kind = 'customer' and l.state <> 'released'
          group by s.region_id
        ), per_customer as (
          select region_id, count(distinct user_id) as customers
          from rentals where region_id is not null and status <> 'released'
          group by region_id
        )
        select r.id, r.code, r.name_en, r.name_zh, r.active,
               coalesce(ps.servers, 0) as servers, coalesce(ps.enabled_servers, 0) as enabled_servers,
               coalesce(ps.up, 0) as up, coalesce(ps.degraded, 0) as degraded, coalesce(ps.down, 0) as down,
               coalesce(ps.unknown, 0) as unknown, coalesce(ps.capacity, 0) as capacity,
               coalesce(pc.customers, 0) as customers,
               coalesce(pr.relays, 0) as relays, coalesce(pr.relays_running, 0) as relays_running
        from regions r
        left join per_server ps on ps.region_id = r.id
        left join per_relay pr on pr.region_id = r.id
        left join per_customer pc on pc.region_id = r.id
        order by r.sort_order, r.code`,
  );
  return rows.map((r) => {
    const capacity = Number(r.capacity);
    const relaysRunning = Number(r.relays_running);
    return {
      region: { id: r.id, code: r.code, nameEn: r.name_en, nameZh: r.name_zh, active: r.active },
      servers: Number(r.servers),
      enabledServers: Number(r.enabled_servers),
      serversByStatus: { up: Number(r.up), degraded: Number(r.degraded), down: Number(r.down), unknown: Number(r.unknown) },
      customers: Number(r.customers),
      relays: Number(r.relays),
      relaysRunning,
      capacity,
      load: capacity > 0 ? relaysRunning / capacity : 0,
    };
  });
}

import { isIP } from "node:net";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admissionRefusals } from "@/db/schema";
import { now } from "@/lib/clock";
import { locateIp, type GeoLocation } from "@/lib/geo/geoip";
import { logger } from "@/lib/logger";

/**
 * Refusals are written off the hot path: collected in memory for a moment, one row per (customer, key)
 * with the attempts added up, then upserted in one statement. A client retrying every second costs one write
 * per flush, not one per attempt, and an answer never waits for a write. A failed write (the database is
 * down) is logged and dropped: refusals are a convenience for the customer, never part of the decision.
 */
const FLUSH_MS = 500;
/** A flood of random keys must not grow memory without bound; what is past this is dropped until the flush. */
const MAX_BUFFERED = 5_000;

export interface Refusal {
  userId: string;
  relayId: string;
  nodeKey: string;
  source: string | null;
  reason: string;
}

type Buffered = { userId: string; relayId: string; nodeKey: string; sourceIp: string | null; reason: string; count: number; lastAt: Date };

/** derper sends the client's address, with a port in some versions ("ip:port", "[v6]:port"); only the IP is kept. */
export function sourceIp(source: string | null): string | null {
  if (!source || source.length > 100) return null;
  if (isIP(source)) return source;
  const m = /^\[?([^\]]+?)\]?:\d{1,5}$/.exec(source);
  return m && isIP(m[1]) ? m[1] : null;
}

export class RefusalBuffer {
  private pending = new Map<string, Buffered>();
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(private readonly db: () => Promise<Db>) {}

  add(r: Refusal): void {
    const key = `${r.userId} ${r.nodeKey}`;
    const at = now();
    const existing = this.pending.get(key);
    if (existing) {
      Object.assign(existing, { relayId: r.relayId, sourceIp: sourceIp(r.source) ?? existing.sourceIp, reason: r.reason, lastAt: at });
      existing.count++;
    } else if (this.pending.size < MAX_BUFFERED) {
      this.pending.set(key, { userId: r.userId, relayId: r.relayId, nodeKey: r.nodeKey, sourceIp: sourceIp(r.source), reason: r.reason, count: 1, lastAt: at });
    } else {
      this.dropped++;
    }
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what is buffered now (tests call it instead of waiting for the timer). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    if (this.dropped) {
      logger.warn({ dropped: this.dropped }, "admission: too many distinct refused keys at once; some were not recorded");
      this.dropped = 0;
    }
    const places = await locateAll(rows.map((r) => r.sourceIp));
    try {
      const db = await this.db();
      await db
        .insert(admissionRefusals)
        .values(rows.map((r) => ({ ...r, firstAt: r.lastAt, ...(places.get(r.sourceIp ?? "") ?? {}) })))
        .onConflictDoUpdate({
          target: [admissionRefusals.userId, admissionRefusals.nodeKey],
          set: {
            count: sql`${admissionRefusals.count} + excluded.count`,
            lastAt: sql`excluded.last_at`,
            sourceIp: sql`coalesce(excluded.source_ip, ${admissionRefusals.sourceIp})`,
            // The place goes with the address: a new address without a known place clears the old one.
            country: sql`case when excluded.source_ip is null then ${admissionRefusals.country} else excluded.country end`,
            region: sql`case when excluded.source_ip is null then ${admissionRefusals.region} else excluded.region end`,
            city: sql`case when excluded.source_ip is null then ${admissionRefusals.city} else excluded.city end`,
            relayId: sql`excluded.relay_id`,
            reason: sql`excluded.reason`,
          },
        });
    } catch (e) {
      logger.error({ err: e, rows: rows.length }, "admission: could not record refusals");
    }
  }
}

/**
 * Where the refused clients are, for the pending list (offline database, in memory once opened: no network
 * call on this path). A lookup that fails (the database file is missing) leaves the places empty rather than
 * losing the refusals.
 */
async function locateAll(ips: (string | null)[]): Promise<Map<string, GeoLocation>> {
  const places = new Map<string, GeoLocation>();
  try {
    for (const ip of new Set(ips)) {
      if (!ip) continue;
      const place = await locateIp(ip);
      if (place) places.set(ip, place);
    }
  } catch (e) {
    logger.error({ err: e }, "admission: could not geolocate refused clients");
  }
  return places;
}

import { isIP } from "node:net";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { admissionRefusals } from "@/db/schema";
import { now } from "@/lib/clock";
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
    try {
      const db = await this.db();
      await db
        .insert(admissionRefusals)
        .values(rows.map((r) => ({ ...r, firstAt: r.lastAt })))
        .onConflictDoUpdate({
          target: [admissionRefusals.userId, admissionRefusals.nodeKey],
          set: {
            count: sql`${admissionRefusals.count} + excluded.count`,
            lastAt: sql`excluded.last_at`,
            sourceIp: sql`coalesce(excluded.source_ip, ${admissionRefusals.sourceIp})`,
            relayId: sql`excluded.relay_id`,
            reason: sql`excluded.reason`,
          },
        });
    } catch (e) {
      logger.error({ err: e, rows: rows.length }, "admission: could not record refusals");
    }
  }
}

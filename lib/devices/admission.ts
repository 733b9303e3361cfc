import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { devices, relays, rentals } from "@/db/schema";
import { admissionSecretHash } from "@/lib/containers/relay-secrets";
import { logger } from "@/lib/logger";
import { observeAdmission } from "@/lib/metrics/admission";
import { decideAdmission, type Decision, type DeviceKeys, type RelayFacts } from "./admission-decision";
import { onAdmissionChange, type AdmissionChange } from "./admission-invalidation";
import { RefusalBuffer } from "./admission-refusals";
import { parseNodeKey } from "./node-key";

/**
 * Answers derper's admission calls from an in-process cache of the decision's inputs: per relay secret (by its
 * keyed hash) the relay's rental facts, per customer their device keys in creation order. Entries are dropped
 * on every change notice (./admission-invalidation.ts) and after a short TTL as a safety net for a missed one.
 * Concurrent misses for one entry share one query.
 *
 * Failure never opens the door: a lookup that fails or takes longer than the deadline is a refusal (derper
 * waits 5 s; the deadline is well inside it), and nothing stale is used once its TTL is over.
 */

export interface AdmissionOptions {
  db: () => Promise<Db>;
  /** How long a lookup may take before the answer is a refusal. */
  deadlineMs?: number;
  /** How long a cached entry is trusted without a change notice. */
  ttlMs?: number;
}

type Entry<T> = { value: T; at: number };
const MAX_ENTRIES = 10_000;
/** The secret is 32 random bytes in base64url; anything else cannot be one and costs no lookup. */
const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

class LookupTimeout extends Error {}

export class AdmissionService {
  private readonly relaysBySecret = new Map<string, Entry<RelayFacts | null>>();
  private readonly keysByUser = new Map<string, Entry<DeviceKeys>>();
  private readonly loads = new Map<string, Promise<unknown>>();
  /** Bumped by every change notice: a lookup that started before it must not fill the cache. */
  private generation = 0;
  private readonly deadlineMs: number;
  private readonly ttlMs: number;
  private readonly unsubscribe: () => void;
  readonly refusals: RefusalBuffer;

  constructor(private readonly opts: AdmissionOptions) {
    this.deadlineMs = opts.deadlineMs ?? 2_000;
    this.ttlMs = opts.ttlMs ?? 15_000;
    this.refusals = new RefusalBuffer(opts.db);
    this.unsubscribe = onAdmissionChange((c) => this.forget(c));
  }

  close(): void {
    this.unsubscribe();
  }

  forget(change: AdmissionChange): void {
    this.generation++;
    if (!change.userId) {
      this.relaysBySecret.clear();
      this.keysByUser.clear();
      return;
    }
    this.keysByUser.delete(change.userId);
    for (const [k, e] of this.relaysBySecret) if (e.value?.userId === change.userId) this.relaysBySecret.delete(k);
  }

  /** The answer to one call: `secret` from the URL, `body` as read (null when it was too big or unreadable). */
  async decide(secret: string, body: string | null): Promise<Decision> {
    const started = performance.now();
    const request = SECRET.test(secret) ? parseRequest(body) : null;
    if (!request) return this.count({ allow: false, reason: SECRET.test(secret) ? "bad_request" : "unknown_relay" }, started);
    let relay: RelayFacts | null;
    let keys: DeviceKeys | null = null;
    try {
      relay = await this.cached(this.relaysBySecret, admissionSecretHash(secret).toString("base64"), "r", (h) => this.loadRelay(h));
      if (relay && relay.status === "active") keys = await this.cached(this.keysByUser, relay.userId, "u", (u) => this.loadKeys(u));
    } catch (e) {
      if (!(e instanceof LookupTimeout)) this.logFailure(e);
      return this.count({ allow: false, reason: "lookup_failed" }, started);
    }
    const decision = decideAdmission(relay, keys, request.nodeKey);
    if (!decision.allow && relay) {
      this.refusals.add({ userId: relay.userId, relayId: relay.relayId, nodeKey: request.nodeKey, source: request.source, reason: decision.reason });
    }
    return this.count(decision, started);
  }

  private count(d: Decision, started: number): Decision {
    observeAdmission(d.allow, d.reason, (performance.now() - started) / 1000);
    return d;
  }

  private lastFailureLog = 0;
  private logFailure(e: unknown): void {
    // One line per 10 s: during an outage every connection attempt fails the same way.
    if (Date.now() - this.lastFailureLog < 10_000) return;
    this.lastFailureLog = Date.now();
    logger.error({ err: e }, "admission: lookup failed; refusing");
  }

  /** A fresh cached value, or one lookup shared by concurrent callers, bounded by the deadline. */
  private cached<T>(cache: Map<string, Entry<T>>, key: string, kind: string, load: (key: string) => Promise<T>): T | Promise<T> {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const loadKey = kind + key;
    let running = this.loads.get(loadKey) as Promise<T> | undefined;
    if (!running) {
      const generation = this.generation;
      running = load(key)
        .then((value) => {
          if (generation === this.generation) {
            if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
            cache.set(key, { value, at: Date.now() });
          }
          return value;
        })
        .finally(() => this.loads.delete(loadKey));
      this.loads.set(loadKey, running);
    }
    return withDeadline(running, this.deadlineMs);
  }

  private async loadRelay(hash: string): Promise<RelayFacts | null> {
    const db = await this.opts.db();
    const [row] = await db
      .select({
        relayId: relays.id,
        userId: rentals.userId,
        rentalId: rentals.id,
        status: rentals.status,
        trafficUsedBytes: rentals.trafficUsedBytes,
        trafficQuotaBytes: rentals.trafficQuotaBytes,
        deviceLimit: rentals.deviceLimit,
      })
      .from(relays)
      .innerJoin(rentals, eq(rentals.id, relays.rentalId))
      .where(and(eq(relays.admissionSecretHash, Buffer.from(hash, "base64")), eq(relays.kind, "customer"), ne(relays.state, "released")));
    return row ?? null;
  }

  private async loadKeys(userId: string): Promise<DeviceKeys> {
    const db = await this.opts.db();
    const rows = await db
      .select({ nodeKey: devices.nodeKey })
      .from(devices)
      .where(eq(devices.userId, userId))
      .orderBy(asc(devices.createdAt), asc(devices.id));
    return new Map(rows.map((r, i) => [r.nodeKey, i]));
  }
}

/** derper's `{"NodePublic": "nodekey:…", "Source": "…"}`; null for anything else. */
export function parseRequest(body: string | null): { nodeKey: string; source: string | null } | null {
  if (!body) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null; // Not JSON: a refusal like any other malformed request.
  }
  if (!json || typeof json !== "object") return null;
  const { NodePublic, Source } = json as Record<string, unknown>;
  const nodeKey = parseNodeKey(NodePublic);
  return nodeKey ? { nodeKey, source: typeof Source === "string" ? Source : null } : null;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LookupTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

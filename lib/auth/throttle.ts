import { Redis } from "ioredis";
import {
  RateLimiterDrizzle,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";
import { tooManyRequests } from "@/lib/errors";

/**
 * Throttling for login, code checks and code mails (rate-limiter-flexible). The counters live in Redis when
 * REDIS_URL is set (shared by all app replicas), otherwise in the database (the rate_limits table), so they
 * survive restarts and are shared by every process on that database.
 */
export const THROTTLE_RULES = {
  /** Failed logins per account (a successful login clears it). */
  loginAccount: { points: 5, duration: 15 * 60 },
  /** Failed logins per client address (a successful login gives its point back). */
  loginIp: { points: 5, duration: 5 * 60 },
  /** Two-factor codes (TOTP or recovery) per account and per address, like logins (a right code clears it). */
  totpAccount: { points: 5, duration: 15 * 60 },
  totpIp: { points: 5, duration: 5 * 60 },
  /** Code checks (verify, reset) per account and per address. */
  codeAccount: { points: 10, duration: 15 * 60 },
  codeIp: { points: 20, duration: 15 * 60 },
  /** Code mails per address: once a minute, five an hour; and per client address. */
  mailMinute: { points: 1, duration: 60 },
  mailHour: { points: 5, duration: 60 * 60 },
  mailIp: { points: 30, duration: 60 * 60 },
  /** Serial redemptions that reach the database, per account and per address (mistyped codes do not count). */
  serialAccount: { points: 30, duration: 10 * 60 },
  serialIp: { points: 60, duration: 10 * 60 },
} as const;

export type ThrottleName = keyof typeof THROTTLE_RULES;
export type ThrottleCheck = [ThrottleName, string | null | undefined];

type Backend = "redis" | "database";
type LimiterSet = Map<ThrottleName, RateLimiterAbstract>;

const globalForThrottle = globalThis as unknown as {
  __derpThrottle?: WeakMap<object, LimiterSet>;
  __derpRedisThrottle?: LimiterSet;
  __derpRedis?: Redis;
};

export function throttleBackend(): Backend {
  return env().REDIS_URL ? "redis" : "database";
}

function redisClient(url: string): Redis {
  globalForThrottle.__derpRedis ??= new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  return globalForThrottle.__derpRedis;
}

function limiter(db: DbOrTx, name: ThrottleName): RateLimiterAbstract {
  const e = env();
  // Redis counters are shared by every database handle; database counters live in the database given.
  let set: LimiterSet | undefined;
  if (e.REDIS_URL) {
    set = globalForThrottle.__derpRedisThrottle ??= new Map();
  } else {
    const byDb = (globalForThrottle.__derpThrottle ??= new WeakMap());
    set = byDb.get(db);
    if (!set) byDb.set(db, (set = new Map()));
  }
  let l = set.get(name);
  if (!l) {
    const rule = THROTTLE_RULES[name];
    const keyPrefix = `throttle:${name}`;
    l = e.REDIS_URL
      ? new RateLimiterRedis({ storeClient: redisClient(e.REDIS_URL), keyPrefix, ...rule })
      : new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix, ...rule });
    set.set(name, l);
  }
  return l;
}

/**
 * Takes one point from every listed counter (checks with no key, e.g. an unknown client address, are
 * skipped) and refuses with 429 and the longest wait when any of them is exhausted.
 */
export async function throttle(db: DbOrTx, checks: ThrottleCheck[]): Promise<void> {
  const active = checks.filter((c): c is [ThrottleName, string] => Boolean(c[1]));
  const results = await Promise.allSettled(active.map(([name, key]) => limiter(db, name).consume(key)));
  let waitMs = 0;
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    if (r.reason instanceof RateLimiterRes) waitMs = Math.max(waitMs, r.reason.msBeforeNext);
    else throw r.reason;
  }
  if (waitMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Gives a point back (e.g. a mail that could not be sent should not count against a retry). */
export async function refund(db: DbOrTx, name: ThrottleName, key: string | null | undefined): Promise<void> {
  if (key) await limiter(db, name).reward(key, 1);
}

/** Forgets a counter (e.g. the failed logins of an account after a successful login). */
export async function clearThrottle(db: DbOrTx, name: ThrottleName, key: string | null | undefined): Promise<void> {
  if (key) await limiter(db, name).delete(key);
}

/** Closes the Redis connection, if one was opened (tests, clean shutdown). */
export async function closeThrottleStore(): Promise<void> {
  const client = globalForThrottle.__derpRedis;
  globalForThrottle.__derpRedis = undefined;
  globalForThrottle.__derpRedisThrottle = undefined;
  if (client) await client.quit();
}

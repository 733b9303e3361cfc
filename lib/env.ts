import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isAddressOrCidr } from "./cidr";

/**
 * The environment, validated once. Read it through `env()` so that importing a module never fails at build
 * time; the first call at run time validates everything and stops start-up with the variable's name.
 */

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

/** Seconds that a cron expression can repeat exactly: 1-60 dividing 60, or whole minutes dividing 60. */
const cronInterval = z.coerce
  .number()
  .int()
  .min(1)
  .max(3600)
  .refine((n) => (n <= 60 ? 60 % n === 0 : n % 60 === 0 && 60 % (n / 60) === 0), "must divide 60 seconds, or be whole minutes dividing an hour");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** The public base URL; defaults to http://localhost:PORT. */
  APP_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  PGLITE_DIR: z.string().min(1).optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  WORKER_DB_POOL_MAX: z.coerce.number().int().min(1).max(50).default(4),
  APP_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  WORKER_TIMEZONE: z.string().min(1).default("UTC"),
  EMBEDDED_WORKER: bool.optional(),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (one nginx: 1). 0 (the default, for clients
   * that connect directly) ignores the header, which a client could otherwise fill with any address.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).max(128).optional(),
  /** Every admin must log in with TOTP: one without it is sent to enrol before anything else. */
  REQUIRE_ADMIN_TOTP: bool.default(false),
  /** Seconds between fleet health checks; a divisor of 60, or whole minutes dividing an hour (cron can say it). */
  FLEET_HEALTH_INTERVAL_SECONDS: cronInterval.default(30),
  /** Seconds between latency probe cycles (same rule). */
  FLEET_LATENCY_INTERVAL_SECONDS: cronInterval.default(60),
  /** A stopped or missing canary is shown as degraded this long before the health job repairs it. */
  FLEET_CANARY_REPAIR_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /** The relay image every new relay container runs; it must be present on each server (no registry is assumed). */
  FLEET_RELAY_IMAGE: z.string().regex(/^[a-z0-9][a-z0-9._\/:@-]*$/, "must be a Docker image reference").default("derpmanagement/derper:v1.102.3"),
  /**
   * The base URL relays use for the admission endpoint (`<base>/api/derp/admission/<secret>`), when they reach
   * the platform by another address than APP_URL (a private network, or the Docker bridge in tests).
   */
  RELAY_ADMISSION_BASE_URL: z.url().optional(),
  /**
   * A port on which the app also serves the admission endpoint from a plain Node listener, faster than the Next
   * route (README, "Devices and admission"); point RELAY_ADMISSION_BASE_URL at it. Unset: only the route.
   */
  ADMISSION_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Seconds between traffic samples of running relays (same rule as the other intervals). */
  TRAFFIC_SAMPLE_INTERVAL_SECONDS: cronInterval.default(60),
  /** Seconds between reconciliations of every reachable server's containers with the database. */
  RECONCILE_INTERVAL_SECONDS: cronInterval.default(300),
  /** Seconds between runs of the rental job (allocation of pending rentals, quota, reminders, expiry, grace). */
  RENTAL_JOB_INTERVAL_SECONDS: cronInterval.default(60),
  /** Seconds between runs of the alerts job (README, "Alerts"), and between the worker's database pings. */
  ALERT_INTERVAL_SECONDS: cronInterval.default(60),
  /** Days an expired rental keeps its stopped container (and ports, certificate) for a renewal. */
  RELEASE_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(3),
  /** Raw traffic samples are kept this long; hourly traffic stays. */
  TRAFFIC_SAMPLE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /** Raw probe samples are kept this long (rollups are made from them before). */
  LATENCY_RAW_RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(7),
  /** Hourly latency rollups; daily ones are kept. */
  LATENCY_HOURLY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * The operator's own MaxMind-format city database (GeoLite2-City or GeoIP2-City, one file for both address
   * families) for the DERP-map access log; unset: DB-IP's free city database shipped as an npm package.
   */
  GEOIP_DB_PATH: z.string().min(1).optional(),
  /** Load samples (one per server per health check); the charts reach back 30 days. */
  FLEET_LOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(35),
  /** Where `npm run backup` and the scheduled backup write their files; default `$DATA_DIR/backups`. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** A daily backup by the worker; off by default so that tests and development do not write dumps. */
  BACKUP_SCHEDULE: bool.default(false),
  /** The scheduled backup keeps this many newest files in BACKUP_DIR and deletes older ones. */
  BACKUP_RETENTION_COUNT: z.coerce.number().int().min(1).max(1000).default(7),
  /**
   * Bearer token that opens GET /metrics (and the worker's metrics port); compared in constant time. With
   * neither this nor METRICS_ALLOW_FROM set, metrics answer 404 to everyone.
   */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Client addresses that may read metrics without the token: IPs or CIDRs, separated by commas. */
  METRICS_ALLOW_FROM: z
    .string()
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isAddressOrCidr, "must be IP addresses or CIDRs separated by commas")))
    .optional(),
  /** A port on which the worker serves its own metrics (same token and address rule); unset: none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Env = z.infer<typeof schema> & {
  APP_SECRET: string;
  APP_URL: string;
  /** True when no DATABASE_URL is set: PGlite in the data folder, worker inside the server process. */
  embedded: boolean;
  pgliteDir: string;
  backupDir: string;
  runEmbeddedWorker: boolean;
};

export class EnvError extends Error {
  constructor(public readonly variable: string, detail: string) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = "EnvError";
  }
}

let cached: Env | undefined;

export function env(): Env {
  if (!cached) cached = loadEnv(process.env);
  return cached;
}

/** Tests change variables between cases; production never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}

export function loadEnv(source: Record<string, string | undefined>): Env {
  // Empty strings come from templated config files; treat them as unset rather than invalid.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  const embedded = !e.DATABASE_URL;
  if (e.RESEND_API_KEY && !e.MAIL_FROM) throw new EnvError("MAIL_FROM", "required when RESEND_API_KEY is set");
  if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL) throw new EnvError("ADMIN_EMAIL", "required when ADMIN_PASSWORD is set");
  return {
    ...e,
    APP_URL: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    embedded,
    pgliteDir: e.PGLITE_DIR ?? path.join(e.DATA_DIR, "pglite"),
    backupDir: e.BACKUP_DIR ?? path.join(e.DATA_DIR, "backups"),
    runEmbeddedWorker: e.EMBEDDED_WORKER ?? embedded,
    APP_SECRET: e.APP_SECRET ?? resolveGeneratedSecret(e.NODE_ENV, embedded, e.DATA_DIR),
  };
}

/**
 * Production with a real database must be given its secret; the embedded quick start (and development)
 * generates one on first run and keeps it in the data folder so sessions and encrypted data survive restarts.
 */
function resolveGeneratedSecret(nodeEnv: string, embedded: boolean, dataDir: string): string {
  if (nodeEnv === "production" && !embedded) {
    throw new EnvError("APP_SECRET", "required in production (at least 32 random characters)");
  }
  const file = path.join(dataDir, "app-secret");
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
    throw new EnvError("APP_SECRET", `the generated secret in ${file} is damaged; remove it or set APP_SECRET`);
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  return secret;
}

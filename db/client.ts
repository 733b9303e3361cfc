import { mkdirSync } from "node:fs";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/**
 * The one place that opens database connections. With a postgres:// URL: a postgres.js pool (the app and the
 * worker size theirs differently). Without one: PGlite (Postgres in WASM) in a folder, one instance per
 * process, since PGlite allows a single process. This module reads no environment: the process's entry point
 * (server/database.ts) passes the configuration in, so db/ depends on nothing above it.
 */

export type Schema = typeof schema;
// Both drivers expose the same query builder; the postgres-js type stands for both.
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
export type DbDriver = "postgres" | "pglite";

export interface DbHandle {
  db: Db;
  driver: DbDriver;
  /** The connection string (Postgres only), for a connection of its own outside the pool (the worker's lock). */
  url?: string;
  /**
   * LISTEN on a channel (its own connection on Postgres, reconnected after a drop; in-process on PGlite).
   * `onListen` runs on every (re)subscription: notifications sent while the connection was down are lost, so
   * a listener that caches must forget everything then.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: a tar.gz of its data folder, taken from the open instance (the one process allowed). */
  dumpDataDir?: () => Promise<Blob>;
}

export type DbRole = "app" | "worker";

export interface DbConfig {
  /** A postgres:// URL; without it, PGlite in `pgliteDir`. */
  url?: string;
  /** Size of the Postgres pool. */
  poolMax: number;
  /** A folder, or "memory://" for a throw-away database. */
  pgliteDir: string;
  /** Names the connections (application_name), so the app's and the worker's can be told apart. */
  role: DbRole;
}

const globalForDb = globalThis as unknown as { __derpDb?: Promise<DbHandle>; __derpDbConfig?: () => DbConfig };

/** Opens a new database handle; the caller owns it and closes it. */
export function openDb(config: DbConfig): Promise<DbHandle> {
  return config.url
    ? Promise.resolve(openPostgres(config.url, config.poolMax, config.role))
    : openPglite(config.pgliteDir);
}

/**
 * Says where the process's one database (getDb) is. Entry points call this before anything touches the
 * database; a function is called when the database is first opened, so importing never validates anything.
 */
export function configureDb(config: DbConfig | (() => DbConfig)): void {
  globalForDb.__derpDbConfig = typeof config === "function" ? config : () => config;
}

export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__derpDb) {
    const config = globalForDb.__derpDbConfig;
    if (!config) {
      throw new Error("The database is not configured: the entry point must call configureDatabase (server/database.ts) first.");
    }
    globalForDb.__derpDb = openDb(config());
    // A failed open must not be cached forever: the next caller tries again.
    globalForDb.__derpDb.catch(() => {
      globalForDb.__derpDb = undefined;
    });
  }
  return globalForDb.__derpDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__derpDb;
  globalForDb.__derpDb = undefined;
  if (handle) await (await handle).close();
}

/** A separate pool; used by migrations (one connection) and by tests that act as a second process. */
export function openPostgres(url: string, max: number, appName = "app"): DbHandle {
  const client = postgres(url, {
    max,
    connect_timeout: 10,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: `derpmanagement-${appName}` },
  });
  return {
    db: drizzlePostgres(client, { schema, casing: "snake_case" }),
    driver: "postgres",
    url,
    listen: async (channel, onNotify, onListen) => {
      const meta = await client.listen(channel, onNotify, onListen);
      return () => meta.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** `dir` is a folder, or "memory://" for a throw-away database (tests). */
export async function openPglite(dir: string): Promise<DbHandle> {
  const [{ PGlite }, { drizzle }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await client.listen(channel, onNotify);
      onListen?.();
      return unlisten;
    },
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir("gzip"),
  };
}

/** Raw SQL rows from either driver (postgres.js returns an array, PGlite an object with `rows`). */
export async function queryRows<T extends Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

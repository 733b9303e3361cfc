import { EnvError } from "@/lib/env";

/**
 * One readable line for a failure at start-up, instead of a stack trace: the operator needs to know which
 * variable is wrong or which database could not be reached.
 */
export function describeStartupError(e: unknown): string {
  if (e instanceof EnvError) return `Start-up failed: ${e.message}`;
  // Drizzle wraps driver errors ("Failed query: ..."); the driver's error in `cause` says what happened.
  let root = e as { cause?: unknown };
  while (root?.cause && typeof root.cause === "object") root = root.cause as { cause?: unknown };
  const err = root as { code?: string; message?: string; address?: string; port?: number; hostname?: string };
  const network = ["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "CONNECT_TIMEOUT", "ECONNRESET"];
  if (err?.code && network.includes(err.code)) {
    const where = err.hostname ?? err.address ?? "the database host";
    return `Start-up failed: cannot reach the database at ${where}${err.port ? `:${err.port}` : ""} (${err.code}). Check DATABASE_URL.`;
  }
  if (err?.code === "28P01" || err?.code === "3D000") {
    return `Start-up failed: the database refused the connection (${err.message}). Check DATABASE_URL.`;
  }
  return `Start-up failed: ${err?.message ?? String(e)}`;
}

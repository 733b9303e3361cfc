import { spawn } from "node:child_process";

/**
 * pg_dump / pg_restore for a DATABASE_URL. The connection goes to the child as libpq environment variables
 * (PGHOST, PGPASSWORD, …), never as arguments: arguments are visible to every user in `ps`, and the URL
 * carries the password.
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const vars: Record<string, string> = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")) || "localhost",
    PGPORT: u.port || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
  };
  if (u.username) vars.PGUSER = decodeURIComponent(u.username);
  if (u.password) vars.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) vars.PGSSLMODE = sslmode;
  // A socket folder given as ?host=/run/postgresql wins over the URL's host, as in libpq.
  const host = u.searchParams.get("host");
  if (host) vars.PGHOST = host;
  return vars;
}

/** Writes a custom-format dump (compressed, restorable table by table) of the URL's database to `file`. */
export function pgDump(url: string, file: string): Promise<void> {
  return run("pg_dump", ["--format=custom", "--no-password", `--file=${file}`], url);
}

/**
 * Restores `file` into the URL's database in one transaction: objects of the dump are dropped first if they
 * exist (--clean --if-exists), so a restore over a damaged or an empty database both work, and a failure
 * leaves the database as it was. --no-owner: the restoring role owns everything, whatever role made the dump.
 */
export function pgRestore(url: string, file: string): Promise<void> {
  const database = libpqEnv(url).PGDATABASE;
  return run(
    "pg_restore",
    ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${database}`, file],
    url,
  );
}

function run(command: string, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...libpqEnv(url) }, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", (e: NodeJS.ErrnoException) =>
      reject(e.code === "ENOENT" ? new Error(`${command} is not installed (it comes with the PostgreSQL client tools)`) : e),
    );
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim().slice(-2000)}`)),
    );
  });
}

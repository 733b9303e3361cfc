import { inject } from "vitest";
import { configureDatabase } from "@/server/database";

// Runs in every test process before any test module is imported: point the one database module at the
// run's database (or at an in-memory PGlite) so route handlers and lib functions share it.
const url = inject("testDatabaseUrl");
if (url) {
  process.env.DATABASE_URL = url;
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = "memory://";
}
configureDatabase("app");

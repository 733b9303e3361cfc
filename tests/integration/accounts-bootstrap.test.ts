import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openPglite, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { seed } from "@/server/seed";
import { users } from "@/db/schema";
import { adminCreate } from "@/lib/accounts/admin-cli";
import { EMBEDDED_ADMIN_EMAIL, ensureFirstAdmin } from "@/lib/accounts/first-admin";
import { verifyPassword } from "@/lib/auth/password";
import { resetEnvForTests } from "@/lib/env";
import { createUser } from "../helpers/auth";

// Each case needs a database without any admin, so it gets its own in-memory PGlite (on both test modes).
let handle: DbHandle;
const saved = { ...process.env };

beforeAll(async () => {
  handle = await openPglite("memory://");
  await runMigrations(handle);
});
afterAll(async () => {
  await handle.close();
});
afterEach(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  vi.restoreAllMocks();
  await handle.db.delete(users);
});

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

describe("first admin", () => {
  it("comes from ADMIN_EMAIL/ADMIN_PASSWORD, active and verified, once", async () => {
    setEnv({ ADMIN_EMAIL: "Owner@Example.com", ADMIN_PASSWORD: "owner password 1", DATABASE_URL: "postgres://x@127.0.0.1/x" });
    await seed(handle.db);
    const [admin] = await handle.db.select().from(users).where(eq(users.email, "owner@example.com"));
    expect(admin).toMatchObject({ role: "admin", status: "active" });
    expect(admin.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword(admin.passwordHash, "owner password 1")).toBe(true);

    setEnv({ ADMIN_PASSWORD: "another password" });
    await seed(handle.db);
    const [again] = await handle.db.select().from(users).where(eq(users.email, "owner@example.com"));
    expect(again.passwordHash).toBe(admin.passwordHash);
    expect(await handle.db.$count(users)).toBe(1);
  });

  it("in the embedded quick start without variables, gets a random password printed once", async () => {
    setEnv({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, DATABASE_URL: undefined });
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await ensureFirstAdmin(handle.db);
    expect(log).toHaveBeenCalledTimes(1);
    const printed = String(log.mock.calls[0][0]);
    const password = printed.match(/password: (\S+)/)?.[1];
    expect(printed).toContain(EMBEDDED_ADMIN_EMAIL);
    expect(printed).toContain("/login");
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [admin] = await handle.db.select().from(users).where(eq(users.email, EMBEDDED_ADMIN_EMAIL));
    expect(admin).toMatchObject({ role: "admin", status: "active" });
    expect(await verifyPassword(admin.passwordHash, password!)).toBe(true);

    await ensureFirstAdmin(handle.db);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it("with a real database and no variables, creates nothing", async () => {
    setEnv({ ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, DATABASE_URL: "postgres://x@127.0.0.1/x" });
    await ensureFirstAdmin(handle.db);
    expect(await handle.db.$count(users)).toBe(0);
  });
});

describe("npm run admin:create", () => {
  const out = () => {
    const lines = { log: [] as string[], error: [] as string[] };
    return { lines, io: { log: (l: string) => lines.log.push(l), error: (l: string) => lines.error.push(l) } };
  };

  it("refuses bad input with a message and a non-zero exit", async () => {
    const a = out();
    expect(await adminCreate(handle.db, [], a.io)).toBe(2);
    expect(a.lines.error[0]).toMatch(/usage/);
    const b = out();
    expect(await adminCreate(handle.db, ["--", "not-an-email"], b.io)).toBe(2);
    expect(b.lines.error[0]).toMatch(/not a valid email/);
    expect(await handle.db.$count(users)).toBe(0);
  });

  it("creates an admin with a password shown once, or promotes an existing user", async () => {
    let shown: string[] = [];
    const a = out();
    expect(await adminCreate(handle.db, ["--", "New.Admin@example.com"], a.io, (lines) => (shown = lines))).toBe(0);
    const password = shown.join("\n").match(/password: (\S+)/)?.[1];
    const [created] = await handle.db.select().from(users).where(eq(users.email, "new.admin@example.com"));
    expect(created).toMatchObject({ role: "admin", status: "active" });
    expect(await verifyPassword(created.passwordHash, password!)).toBe(true);

    const customer = await createUser(handle.db, { status: "pending" });
    const b = out();
    expect(await adminCreate(handle.db, [customer.email], b.io, () => expect.fail("no password for a promotion"))).toBe(0);
    const [promoted] = await handle.db.select().from(users).where(eq(users.id, customer.id));
    expect(promoted).toMatchObject({ role: "admin", status: "active" });
    expect(promoted.passwordHash).toBe(customer.passwordHash);
    expect(b.lines.log[0]).toMatch(/now an active admin/);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { createScratchDatabase, type ScratchDatabase } from "@/db/scratch-database";

/**
 * The hand-written part of the rentals/regions migration: free-text rental regions become (inactive) regions
 * and foreign keys, invalid ones become null. Runs the committed migrations up to that one on an empty
 * database, writes old-style rows, then applies it.
 */

interface Runner {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
  entries: { idx: number; tag: string }[];
};
const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
const target = entries.findIndex((e) => e.tag.endsWith("_rentals_regions"));

async function apply(runner: Runner, tag: string): Promise<void> {
  const text = readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), "utf8");
  const statements = text.split("--> statement-breakpoint").filter((s) => s.trim());
  await runner.exec(`begin;\n${statements.join(";\n")};\ncommit;`);
}

let runner: Runner;
let scratch: ScratchDatabase | undefined;

beforeAll(async () => {
  const url = inject("testDatabaseUrl");
  if (url) {
    scratch = await createScratchDatabase(url, "derp_migration");
    const client = postgres(scratch.url, { max: 1, onnotice: () => {} });
    runner = {
      exec: async (sql) => void (await client.unsafe(sql)),
      rows: async <T>(sql: string) => (await client.unsafe(sql)) as unknown as T[],
      close: () => client.end(),
    };
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = new PGlite();
    runner = {
      exec: async (sql) => void (await pg.exec(sql)),
      rows: async <T>(sql: string) => (await pg.query<T>(sql)).rows,
      close: () => pg.close(),
    };
  }
  for (const e of entries.slice(0, target)) await apply(runner, e.tag);
});

afterAll(async () => {
  await runner?.close();
  await scratch?.drop();
});

describe("the rentals/regions migration", () => {
  it("turns free-text regions into inactive regions and foreign keys; invalid ones become null", async () => {
    expect(target).toBeGreaterThan(0);
    const user = "00000000-0000-4000-8000-0000000000a1";
    const plan = "00000000-0000-4000-8000-0000000000b1";
    await runner.exec(`
      insert into users (id, email, password_hash) values ('${user}', 'migration@example.com', 'x');
      insert into plans (id, name_en, name_zh, duration_days, traffic_quota_bytes, device_limit, price_minor, currency)
        values ('${plan}', 'P', 'P', 30, 0, 1, 0, 'USD');
      insert into rentals (user_id, plan_id, region, starts_at, expires_at, traffic_quota_bytes, device_limit) values
        ${["mars-1", "Mars 1 ", "hk", "us-west-", "x", "!!", null]
          .map((r) => `('${user}', '${plan}', ${r === null ? "null" : `'${r}'`}, now(), now(), 0, 1)`)
          .join(",\n")};
      insert into orders (user_id, plan_id, amount_minor, currency, paid_at) values ('${user}', '${plan}', 100, 'USD', now());
    `);

    await apply(runner, entries[target].tag);

    const made = await runner.rows<{ code: string; name_en: string; name_zh: string; active: boolean }>(
      "select code, name_en, name_zh, active from regions order by code",
    );
    expect(made).toEqual([
      { code: "hk", name_en: "hk", name_zh: "hk", active: false },
      { code: "mars-1", name_en: "mars-1", name_zh: "mars-1", active: false },
      { code: "us-west", name_en: "us-west", name_zh: "us-west", active: false },
    ]);
    const pointed = await runner.rows<{ code: string | null; n: number | string }>(
      "select g.code, count(*) as n from rentals r left join regions g on g.id = r.region_id group by g.code order by g.code nulls last",
    );
    expect(pointed.map((p) => [p.code, Number(p.n)])).toEqual([
      ["hk", 1],
      ["mars-1", 2],
      ["us-west", 1],
      [null, 3],
    ]);
    const [order] = await runner.rows<{ status: string }>("select status::text as status from orders");
    expect(order.status).toBe("paid");
    const values = await runner.rows<{ v: string }>("select unnest(enum_range(null::rental_status))::text as v");
    expect(values.map((v) => v.v)).toContain("over_quota");
  });
});

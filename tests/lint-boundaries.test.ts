import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The layering of engineering.md "Boundaries" is enforced by eslint.config.mjs. These cases plant one import
 * in a file of a layer (the file need not exist; the imported module must, so the resolver finds it) and
 * check that lint reports exactly the forbidden ones, for `@/` and relative imports alike.
 */

const root = path.resolve(__dirname, "..");
let eslint: ESLint;

beforeAll(async () => {
  // import/no-cycle reads the files it follows from disk, and planted files exist only as text here; cycles
  // have their own rule and are not what this test is about.
  eslint = new ESLint({ cwd: root, overrideConfig: { rules: { "import/no-cycle": "off" } } });
  // The first lint loads the config, the plugins and the TypeScript resolver: pay for that in the hook.
  await eslint.lintText("export {};\n", { filePath: path.join(root, "lib/warm-up.ts") });
});

/** The boundary messages lint reports for `code` placed at `file`. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, "the planted file must parse").toEqual([]);
  return result.messages.filter((m) => m.ruleId === "boundaries/dependencies").map((m) => m.message);
}

const forbidden: [rule: string, file: string, code: string, message: string][] = [
  ["components → db", "components/planted.tsx", 'import { getDb } from "@/db/client";\nvoid getDb;\n', "components/ may not import db/"],
  ["components → db (relative)", "components/billing/planted.tsx", 'import { getDb } from "../../db/client";\nvoid getDb;\n', "components/ may not import db/"],
  ["components → db (type only)", "components/planted.tsx", 'import type { Db } from "@/db/client";\nexport type X = Db;\n', "components/ may not import db/"],
  ["components → app (not a server action)", "components/planted.tsx", 'import { GET } from "@/app/api/healthz/route";\nvoid GET;\n', "components/ may not import app/"],
  ["components → server", "components/planted.tsx", 'import { boot } from "@/server/boot";\nvoid boot;\n', "components/ may not import server/"],
  ["lib → app", "lib/planted.ts", 'import { GET } from "@/app/api/healthz/route";\nvoid GET;\n', "lib/ may not import app/"],
  ["lib → app (relative)", "lib/billing/planted.ts", 'import { GET } from "../../app/api/healthz/route";\nvoid GET;\n', "lib/ may not import app/"],
  ["lib → components", "lib/planted.ts", 'import { Badge } from "@/components/ui/badge";\nvoid Badge;\n', "lib/ may not import components/"],
  ["lib → server (composition)", "lib/planted.ts", 'import { boot } from "@/server/boot";\nvoid boot;\n', "lib/ may not import server/"],
  ["lib → worker", "lib/planted.ts", 'export const load = () => import("@/worker/schedules");\n', "lib/ may not import worker/"],
  ["db → lib", "db/planted.ts", 'import { env } from "@/lib/env";\nvoid env;\n', "db/ may not import lib/"],
  ["db → lib (relative)", "db/schema/planted.ts", 'import { env } from "../../lib/env";\nvoid env;\n', "db/ may not import lib/"],
  ["db → server", "db/planted.ts", 'import { configureDatabase } from "@/server/database";\nvoid configureDatabase;\n', "db/ may not import server/"],
  ["worker → app", "worker/planted.ts", 'import { GET } from "@/app/api/healthz/route";\nvoid GET;\n', "worker/ may not import app/"],
  ["worker job → server (only the entry may)", "worker/jobs/planted.ts", 'import { boot } from "@/server/boot";\nvoid boot;\n', "worker/ may not import server/"],
  ["server → app", "server/planted.ts", 'import { GET } from "@/app/api/healthz/route";\nvoid GET;\n', "server/ may not import app/"],
  ["app → server (only entry points reach composition)", "app/planted.ts", 'import { boot } from "@/server/boot";\nvoid boot;\n', "app/ may not import server/"],
];

const allowed: [rule: string, file: string, code: string][] = [
  ["app → components, lib, db", "app/planted/page.tsx", 'import { Badge } from "@/components/ui/badge";\nimport { env } from "@/lib/env";\nimport { getDb } from "@/db/client";\nvoid [Badge, env, getDb];\n'],
  ["components → lib", "components/planted.tsx", 'import type { RentalInfo } from "@/lib/billing/rentals";\nexport type X = RentalInfo;\n'],
  ["components → server actions", "components/planted.tsx", 'import { setLocaleAction } from "@/app/_actions/locale";\nvoid setLocaleAction;\n'],
  ["lib → db", "lib/planted.ts", 'import { getDb } from "@/db/client";\nimport { users } from "../db/schema";\nvoid [getDb, users];\n'],
  ["db → db", "db/planted.ts", 'import { users } from "./schema";\nvoid users;\n'],
  ["worker → lib, db", "worker/planted.ts", 'import { env } from "@/lib/env";\nimport { getDb } from "@/db/client";\nvoid [env, getDb];\n'],
  ["worker entry → server", "worker/index.ts", 'import { runWorkerProcess } from "@/server/worker-process";\nvoid runWorkerProcess;\n'],
  ["server → worker, lib, db", "server/planted.ts", 'import { startSchedules } from "@/worker/schedules";\nimport { env } from "@/lib/env";\nimport { getDb } from "@/db/client";\nvoid [startSchedules, env, getDb];\n'],
  ["instrumentation.ts → server", "instrumentation.ts", 'export const load = () => import("./server/boot");\n'],
  ["tests → anything", "tests/planted.ts", 'import { boot } from "@/server/boot";\nimport { GET } from "@/app/api/healthz/route";\nvoid [boot, GET];\n'],
  ["scripts → anything", "scripts/planted.ts", 'import { boot } from "@/server/boot";\nimport { Badge } from "@/components/ui/badge";\nvoid [boot, Badge];\n'],
];

describe("lint: layer boundaries", () => {
  it.each(forbidden)("reports %s", async (_rule, file, code, message) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringContaining(message)]);
  });

  it.each(allowed)("allows %s", async (_rule, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});

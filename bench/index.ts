import { randomBytes } from "node:crypto";

/**
 * `npm run bench`: measures, prints figures, asserts nothing. Uses Postgres from DATABASE_URL (a fresh
 * database per benchmark, dropped afterwards) or an in-memory PGlite when it is unset.
 * Run one: `npm run bench -- serials`, `npm run bench -- statistics`, `npm run bench -- login`,
 * `npm run bench -- probe-cycle` (no database), `npm run bench -- traffic` (10,000 simulated relays),
 * `npm run bench -- traffic-real` (real relays on the local Docker engine; skipped without one),
 * `npm run bench -- admission`, `npm run bench -- direct-link`, or `npm run bench -- scale-out` (nginx in front of
 * one and two production replicas; needs DATABASE_URL, REDIS_URL, Debian's nginx and a build, made if missing).
 */
process.env.APP_SECRET ??= randomBytes(32).toString("base64url");
process.env.LOG_LEVEL ??= "warn";

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

async function main() {
  console.log(`node ${process.version}, ${process.env.DATABASE_URL ? "Postgres" : "PGlite"}\n`);
  if (want("serials")) {
    const { benchSerials } = await import("./serials");
    await benchSerials();
    console.log();
  }
  if (want("statistics")) {
    const { benchStatistics } = await import("./statistics");
    await benchStatistics();
  }
  if (want("login")) {
    console.log();
    const { benchLogin } = await import("./login");
    await benchLogin();
  }
  if (want("admission")) {
    console.log();
    const { benchAdmission } = await import("./admission");
    await benchAdmission();
  }
  if (want("direct-link")) {
    console.log();
    const { benchDirectLink } = await import("./direct-link");
    await benchDirectLink();
  }
  if (want("scale-out")) {
    console.log();
    const { benchScaleOut } = await import("./scale-out");
    await benchScaleOut();
  }
  if (want("probe-cycle")) {
    console.log();
    const { benchProbeCycle } = await import("./probe-cycle");
    await benchProbeCycle();
  }
  if (want("traffic")) {
    console.log();
    const { benchTrafficCycle } = await import("./traffic");
    await benchTrafficCycle();
  }
  if (want("traffic-real")) {
    console.log();
    const { benchTrafficReal } = await import("./traffic-real");
    await benchTrafficReal();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

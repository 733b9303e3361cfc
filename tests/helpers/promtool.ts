import { execFileSync } from "node:child_process";

/**
 * Debian's promtool (package `prometheus`, installed by .ci/run). Missing outside CI: the tests that need it
 * are skipped with a loud warning; in CI (CI=true) its absence fails them instead.
 */
export function findPromtool(): string | null {
  try {
    execFileSync("promtool", ["--version"], { stdio: "pipe" });
    return "promtool";
  } catch (e) {
    if (process.env.CI === "true") {
      throw new Error(`promtool is required in CI but could not be run (${e instanceof Error ? e.message : String(e)}); .ci/run installs Debian's prometheus package`);
    }
    const bar = "!".repeat(78);
    console.warn(`\n${bar}\n!!  NO promtool: the Prometheus rule and config checks are SKIPPED.\n!!  Install it with \`apt-get install prometheus\`; in CI (CI=true) these tests fail instead.\n${bar}\n`);
    return null;
  }
}

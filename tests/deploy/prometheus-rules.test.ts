import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPromtool } from "../helpers/promtool";

/**
 * deploy/prometheus checked by the real promtool: the rules parse (`check rules`), the scrape configuration is
 * valid (`check config`, which also checks that the token file it names exists), and the alert unit tests in
 * alerts.test.yml pass (`test rules`).
 */

const DIR = path.resolve(__dirname, "../../deploy/prometheus");
const promtool = findPromtool();
const work = mkdtempSync(path.join(tmpdir(), "derp-prometheus-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], cwd = DIR): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(promtool!, args, { cwd, encoding: "utf8", stdio: "pipe" }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe.skipIf(!promtool)("deploy/prometheus with promtool", () => {
  it("has valid alert rules", () => {
    const r = run(["check", "rules", "alerts.yml"]);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.ok, r.output).toBe(true);
  });

  it("passes its alert unit tests", () => {
    const r = run(["test", "rules", "alerts.test.yml"]);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toContain("SUCCESS");
  });

  it("has a valid scrape configuration, once the token file it names exists", () => {
    cpSync(DIR, work, { recursive: true });
    // Without the token file, promtool refuses the configuration: the path in it is really checked.
    rmSync(path.join(work, "secrets"), { recursive: true, force: true });
    expect(run(["check", "config", "prometheus.yml"], work).ok).toBe(false);
    mkdirSync(path.join(work, "secrets"));
    writeFileSync(path.join(work, "secrets/metrics-token"), "x".repeat(32) + "\n", { mode: 0o600 });
    const r = run(["check", "config", "prometheus.yml"], work);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toMatch(/SUCCESS: 1 rule files found/);
  });

  it("fails a rule test that does not hold (the runner reports failures)", () => {
    const broken = path.join(work, "broken.test.yml");
    writeFileSync(
      broken,
      [
        "rule_files: [alerts.yml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - interval: 1m",
        "    input_series:",
        "      - series: 'dm_database_up{instance=\"app-1:3000\"}'",
        "        values: '1 1 1 1'",
        "    alert_rule_test:",
        "      - eval_time: 3m",
        "        alertname: DatabaseUnreachable",
        "        exp_alerts: [{ exp_labels: { severity: critical, instance: 'app-1:3000' } }]",
        "",
      ].join("\n"),
    );
    cpSync(path.join(DIR, "alerts.yml"), path.join(work, "alerts.yml"));
    const r = run(["test", "rules", "broken.test.yml"], work);
    expect(r.ok).toBe(false);
    expect(r.output).toContain("FAILED");
  });
});

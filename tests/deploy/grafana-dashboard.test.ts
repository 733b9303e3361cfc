import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import "@/lib/metrics/exposition";
import { processRegistry, stateRegistry } from "@/lib/metrics/registry";
import { metricNamesIn } from "../helpers/promql-metrics";
import { findPromtool } from "../helpers/promtool";

/**
 * deploy/grafana and the alert rules against what the code registers: every metric a dashboard query or an
 * alert reads is one the app or the worker exports (from the registries themselves, not a copied list), the
 * dashboard has the sections the README promises, and provisioning points the dashboard at its datasource.
 * The queries are also parsed by promtool, as recording rules, so a typo in PromQL fails here too.
 */

const ROOT = path.resolve(__dirname, "../..");
const dashboard = JSON.parse(readFileSync(path.join(ROOT, "deploy/grafana/dashboards/derpmanagement.json"), "utf8"));
const alerts = parse(readFileSync(path.join(ROOT, "deploy/prometheus/alerts.yml"), "utf8")) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
/** Series Prometheus makes itself. */
const PROMETHEUS_OWN = new Set(["up"]);

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
}
const panels: Panel[] = dashboard.panels;
const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const variableQueries: string[] = dashboard.templating.list.filter((v: { type: string }) => v.type === "query").map((v: { definition: string }) => v.definition);

let exported: Set<string>;

beforeAll(async () => {
  const families = [...(await processRegistry.getMetricsAsJSON()), ...(await stateRegistry.getMetricsAsJSON())];
  exported = new Set(
    families.flatMap((f) =>
      // prom-client's MetricType enum holds these strings; histograms and summaries are read through their series.
      String(f.type) === "histogram"
        ? [`${f.name}_bucket`, `${f.name}_count`, `${f.name}_sum`]
        : String(f.type) === "summary"
          ? [f.name, `${f.name}_count`, `${f.name}_sum`]
          : [f.name],
    ),
  );
  expect(exported.has("dm_rentals")).toBe(true);
  expect(exported.has("dm_job_runs_total")).toBe(true);
});

describe("metric names", () => {
  it("every dashboard query reads only metrics the app or the worker registers", () => {
    expect(queries.length).toBeGreaterThan(20);
    for (const q of [...queries.map((q) => q.expr), ...variableQueries]) {
      const names = metricNamesIn(q);
      expect(names.length, q).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name) || PROMETHEUS_OWN.has(name), `${name} in ${q}`).toBe(true);
    }
  });

  it("every alert rule reads only metrics the app or the worker registers", () => {
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        "AdmissionRefusalSpike", "DatabaseUnreachable", "HttpErrorRate", "JobNotSucceeding", "MetricsTargetDown",
        "ProbeLatencyHigh", "QuotaStopsBurst", "RelayFailingProbes", "ServerDown",
      ].sort(),
    );
    for (const r of rules) {
      const names = metricNamesIn(r.expr);
      expect(names.length, r.alert).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name) || PROMETHEUS_OWN.has(name), `${name} in ${r.alert}`).toBe(true);
    }
  });

  it("the check catches a name nobody registers", () => {
    expect(metricNamesIn("sum(rate(dm_http_requests_total[5m]))").every((n) => exported.has(n))).toBe(false);
  });
});

describe("the dashboard", () => {
  it("has its sections, unique panel ids, and every query on the provisioned datasource", () => {
    const rows = panels.filter((p) => p.type === "row").map((p) => p.title);
    expect(rows).toEqual(["Fleet", "Latency and loss per region", "Traffic", "Revenue", "Admission", "Worker", "HTTP"]);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels.filter((p) => p.type !== "row")) {
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      expect(p.datasource?.uid, p.title).toBe("${datasource}");
      for (const t of p.targets!) expect(t.datasource?.uid, p.title).toBe("${datasource}");
    }
    const dsVar = dashboard.templating.list.find((v: { name: string }) => v.name === "datasource");
    const provisioned = parse(readFileSync(path.join(ROOT, "deploy/grafana/provisioning/datasources/prometheus.yml"), "utf8"));
    expect(provisioned.datasources.map((d: { uid: string; type: string }) => [d.uid, d.type])).toEqual([[dsVar.current.value, "prometheus"]]);
  });

  it("is provisioned from a folder of dashboard files", () => {
    const provider = parse(readFileSync(path.join(ROOT, "deploy/grafana/provisioning/dashboards/derpmanagement.yml"), "utf8"));
    expect(provider.apiVersion).toBe(1);
    expect(provider.providers).toHaveLength(1);
    expect(provider.providers[0]).toMatchObject({ type: "file", options: { path: expect.stringMatching(/^\//) } });
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
  });
});

const promtool = findPromtool();
const work = mkdtempSync(path.join(tmpdir(), "derp-grafana-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!promtool)("the dashboard's PromQL, parsed by promtool", () => {
  it("parses every query (Grafana's variables replaced by values)", () => {
    const concrete = (e: string) => e.replaceAll("$__rate_interval", "5m").replaceAll("$region", ".*");
    const rules = {
      groups: [{ name: "dashboard", rules: queries.map((q, i) => ({ record: `dashboard:query_${i}`, expr: concrete(q.expr) })) }],
    };
    const file = path.join(work, "dashboard-rules.yml");
    writeFileSync(file, JSON.stringify(rules));
    let output: string;
    try {
      output = execFileSync(promtool!, ["check", "rules", file], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`promtool refused a dashboard query:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
    }
    expect(output).toContain(`SUCCESS: ${queries.length} rules found`);
  });
});

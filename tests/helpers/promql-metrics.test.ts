import { describe, expect, it } from "vitest";
import { metricNamesIn } from "./promql-metrics";

describe("metricNamesIn", () => {
  it("finds the metrics and nothing else", () => {
    expect(metricNamesIn('sum by (route) (rate(dm_http_request_duration_seconds_count{status=~"5.."}[5m]))')).toEqual(["dm_http_request_duration_seconds_count"]);
    expect(metricNamesIn("time() - max by (job_name) (dm_a) > 3 * max by (job_name) (dm_b)")).toEqual(["dm_a", "dm_b"]);
    expect(metricNamesIn('up{job=~"x.*"} == 0 and on (instance) dm_c offset 5m')).toEqual(["up", "dm_c"]);
    expect(metricNamesIn("histogram_quantile(0.95, sum by (le) (rate(dm_d_bucket[$__rate_interval]))) > 1e3")).toEqual(["dm_d_bucket"]);
    expect(metricNamesIn("label_values(dm_server_status, region)")).toEqual(["dm_server_status"]);
    expect(metricNamesIn('dm_e{region=~"$region"} / ignoring(kind) dm_f')).toEqual(["dm_e", "dm_f"]);
  });
});

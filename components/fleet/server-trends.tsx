"use client";

import { useFormatter, useLocale, useTimeZone, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { TrendBarChart } from "@/components/charts/trend-bar-chart";
import { TrendLineChart, type TrendPoint } from "@/components/charts/trend-line-chart";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TREND_RANGES, type ServerTrends as Trends, type TrendRange } from "@/lib/fleet/monitor/trend-types";

const COLORS = { avg: "var(--primary)", p95: "#f59e0b", https: "var(--primary)", stun: "#10b981", capacity: "#94a3b8" };
/** The newest bucket fills up as samples arrive; a minute keeps it current without reloading. */
const REFETCH_MS = 60_000;

/**
 * The trend section of a server page: latency (avg and p95 per probe kind), loss and load over 1 h / 24 h /
 * 7 d / 30 d, read from `GET /api/server/<id>/latency`. Self-contained: give it the server id.
 */
export function ServerTrends({ serverId, initialRange = "24h" }: { serverId: string; initialRange?: TrendRange }) {
  const t = useTranslations("fleetMonitor.trends");
  const [range, setRange] = useState<TrendRange>(initialRange);
  const [trends, setTrends] = useState<Trends | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = () =>
      fetchTrends(serverId, range, controller.signal).then(
        (data) => {
          setTrends(data);
          setFailed(false);
        },
        (error: Error) => {
          if (error.name !== "AbortError") setFailed(true);
        },
      );
    void refresh();
    const timer = setInterval(refresh, REFETCH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [serverId, range]);

  return (
    <section className="space-y-4" data-testid="server-trends" aria-busy={trends?.range !== range}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">{t("title")}</h2>
        <div role="group" aria-label={t("rangeLabel")} className="flex gap-1">
          {TREND_RANGES.map((r) => (
            <Button key={r} size="sm" variant={r === range ? "default" : "outline"} aria-pressed={r === range} onClick={() => setRange(r)}>
              {t(`range.${r}`)}
            </Button>
          ))}
        </div>
      </div>
      {failed && <Alert tone="error">{t("error")}</Alert>}
      {!trends ? (
        !failed && <p className="text-sm text-muted-foreground">{t("loading")}</p>
      ) : (
        <TrendCharts trends={trends} />
      )}
    </section>
  );
}

async function fetchTrends(serverId: string, range: TrendRange, signal: AbortSignal): Promise<Trends> {
  const res = await fetch(`/api/server/${encodeURIComponent(serverId)}/latency?range=${range}`, { cache: "no-store", signal });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return ((await res.json()) as { data: Trends }).data;
}

function TrendCharts({ trends }: { trends: Trends }) {
  const t = useTranslations("fleetMonitor.trends");
  const format = useFormatter();
  const locale = useLocale();
  const label = bucketLabel(trends.range, locale, useTimeZone() ?? "UTC");
  const hasLatency = [...trends.https, ...trends.stun].some((p) => p.samples > 0);
  const hasLoad = trends.load.some((p) => p.samples > 0);
  if (!hasLatency && !hasLoad) return <EmptyState title={t("empty")} description={t("emptyBody")} />;

  const ms = (v: number) => t("ms", { value: format.number(v, { maximumFractionDigits: v < 10 ? 1 : 0 }) });
  const percent = (v: number) => format.number(v, { style: "percent", maximumFractionDigits: 1 });
  const latency = (kind: "https" | "stun"): TrendPoint[] =>
    trends[kind].map((p) => ({ label: label(p.t), avg: p.avgMs, p95: p.p95Ms }));
  const loss: TrendPoint[] = trends.https.map((p, i) => ({ label: label(p.t), https: p.loss, stun: trends.stun[i]?.loss ?? null }));
  const load: TrendPoint[] = trends.load.map((p) => ({
    label: label(p.t),
    relays: p.relaysRunning,
    capacity: p.capacity,
    cpu: p.cpuPercent,
    memory: p.memoryBytes,
  }));
  const bytes = (v: number) => format.number(v / 1024 / 1024, { maximumFractionDigits: v < 10 * 1024 * 1024 ? 1 : 0 }) + " MiB";

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {(["https", "stun"] as const).map((kind) => (
        <Card key={kind} className="space-y-2">
          <CardTitle className="text-base">{t(kind === "https" ? "latencyHttps" : "latencyStun")}</CardTitle>
          {trends[kind].some((p) => p.samples > 0) ? (
            <TrendLineChart
              testId={`chart-latency-${kind}`}
              title={t(kind === "https" ? "latencyHttps" : "latencyStun")}
              data={latency(kind)}
              format={ms}
              lines={[
                { key: "avg", name: t("avg"), color: COLORS.avg },
                { key: "p95", name: t("p95"), color: COLORS.p95, dashed: true },
              ]}
            />
          ) : (
            <p className="text-sm text-muted-foreground">{t("noSamples")}</p>
          )}
        </Card>
      ))}
      <Card className="space-y-2">
        <CardTitle className="text-base">{t("lossTitle")}</CardTitle>
        <TrendBarChart
          testId="chart-loss"
          title={t("lossTitle")}
          data={loss}
          format={percent}
          domainMax={1}
          bars={[
            { key: "https", name: t("https"), color: COLORS.https },
            { key: "stun", name: t("stun"), color: COLORS.stun },
          ]}
        />
      </Card>
      <Card className="space-y-2">
        <CardTitle className="text-base">{t("relaysTitle")}</CardTitle>
        <TrendLineChart
          testId="chart-relays"
          title={t("relaysTitle")}
          data={load}
          format={(v) => format.number(v, { maximumFractionDigits: 1 })}
          lines={[
            { key: "relays", name: t("relays"), color: COLORS.avg },
            { key: "capacity", name: t("capacity"), color: COLORS.capacity, dashed: true },
          ]}
        />
      </Card>
      <Card className="space-y-2">
        <CardTitle className="text-base">{t("cpuTitle")}</CardTitle>
        <TrendLineChart
          testId="chart-cpu"
          title={t("cpuTitle")}
          data={load}
          format={(v) => `${format.number(v, { maximumFractionDigits: 1 })} %`}
          lines={[{ key: "cpu", name: t("cpu"), color: COLORS.avg }]}
        />
      </Card>
      <Card className="space-y-2">
        <CardTitle className="text-base">{t("memoryTitle")}</CardTitle>
        <TrendLineChart
          testId="chart-memory"
          title={t("memoryTitle")}
          data={load}
          format={bytes}
          lines={[{ key: "memory", name: t("memory"), color: COLORS.stun }]}
        />
      </Card>
    </div>
  );
}

/** Bucket labels in the reader's time zone: times for the short ranges, dates for the long ones. */
function bucketLabel(range: TrendRange, locale: string, timeZone: string): (iso: string) => string {
  const options: Intl.DateTimeFormatOptions =
    range === "1h" || range === "24h"
      ? { hour: "2-digit", minute: "2-digit" }
      : range === "7d"
        ? { month: "numeric", day: "numeric", hour: "2-digit" }
        : { month: "numeric", day: "numeric" };
  const dtf = new Intl.DateTimeFormat(locale, { ...options, timeZone });
  return (iso) => dtf.format(new Date(iso));
}

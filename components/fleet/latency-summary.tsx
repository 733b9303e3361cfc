import { useFormatter, useTranslations } from "next-intl";
import type { LatencyReading, ServerLatency } from "@/lib/fleet/servers/server-view";

/** The newest HTTPS and STUN probe of a server: round trip in ms, "failed" (with the error on hover), or none yet. */
export function LatencySummary({ latency }: { latency: ServerLatency }) {
  const t = useTranslations("fleet.latency");
  if (!latency.https && !latency.stun) return <span className="text-muted-foreground">{t("none")}</span>;
  return (
    <span className="flex flex-col gap-0.5 text-xs">
      <Reading label="HTTPS" reading={latency.https} />
      <Reading label="STUN" reading={latency.stun} />
    </span>
  );
}

function Reading({ label, reading }: { label: string; reading: LatencyReading | null }) {
  const t = useTranslations("fleet.latency");
  const format = useFormatter();
  return (
    <span className="whitespace-nowrap">
      <span className="text-muted-foreground">{label}</span>{" "}
      {!reading ? (
        t("none")
      ) : reading.ok && reading.rttMs !== null ? (
        <span className="tabular-nums">{t("ms", { ms: format.number(reading.rttMs, { maximumFractionDigits: 1 }) })}</span>
      ) : (
        <span className="text-destructive" title={reading.error ?? undefined}>
          {t("failed")}
        </span>
      )}
    </span>
  );
}

import { useFormatter, useTranslations } from "next-intl";
import { Card, CardTitle } from "@/components/ui/card";
import type { ServerHealthView } from "@/lib/fleet/monitor/server-health-view";
import { HealthCheckButton } from "./health-check-button";
import { ServerStatusBadge } from "./server-status-badge";

/** Status, its time, the last problem, Docker host facts and the canary of one server. */
export function ServerHealthCard({ server }: { server: ServerHealthView }) {
  const t = useTranslations("fleetMonitor.health");
  const ts = useTranslations("fleetMonitor.status");
  const tr = useTranslations("fleetMonitor.relayState");
  const format = useFormatter();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "medium" }) : t("never"));
  const gib = (bytes: number) => `${format.number(bytes / 1024 ** 3, { maximumFractionDigits: 1 })} GiB`;
  return (
    <Card className="space-y-4" data-testid="server-health">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CardTitle className="flex items-center gap-3">
          {t("title")} <ServerStatusBadge status={server.status} label={ts(server.status)} />
        </CardTitle>
        <HealthCheckButton />
      </div>
      <p className="text-sm text-muted-foreground">{ts(`help.${server.status}`)}</p>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        <Item label={t("since")} value={when(server.statusChangedAt)} />
        <Item label={t("lastChecked")} value={when(server.lastCheckedAt)} />
        {server.host && (
          <>
            <Item label={t("docker")} value={server.host.dockerVersion} />
            <Item label={t("cpus")} value={format.number(server.host.cpus)} />
            <Item label={t("memory")} value={gib(server.host.memoryBytes)} />
            <Item label={t("containers")} value={format.number(server.host.containersRunning)} />
          </>
        )}
        <Item
          label={t("canary")}
          value={
            server.canary
              ? t("canaryValue", { state: tr(server.canary.state), derpPort: server.canary.derpPort, stunPort: server.canary.stunPort })
              : t(server.enabled ? "canaryNone" : "canaryDisabled")
          }
        />
        {server.canary?.certExpiresAt && <Item label={t("certExpires")} value={when(server.canary.certExpiresAt)} />}
      </dl>
      {server.canary?.certName && <p className="break-all font-mono text-xs text-muted-foreground">CertName {server.canary.certName}</p>}
      {server.lastError && (
        <div className="rounded-md border border-border bg-muted/50 p-3 text-sm" data-testid="server-last-error">
          <span className="font-medium">{t("lastError")}: </span>
          {server.lastError}
        </div>
      )}
    </Card>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-border/50 py-1">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="text-right tabular-nums">{value}</dd>
    </div>
  );
}

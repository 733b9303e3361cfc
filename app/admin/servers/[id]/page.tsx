import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations, getTimeZone } from "next-intl/server";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { formatDate } from "@/lib/i18n/date-format";
import { AutoRefresh } from "@/components/fleet/auto-refresh";
import { HealthCheckButton } from "@/components/fleet/health-check-button";
import { LatencySummary } from "@/components/fleet/latency-summary";
import { LoadMeter } from "@/components/fleet/load-meter";
import { ServerStatusBadge } from "@/components/fleet/server-status-badge";
import { ServerTrends } from "@/components/fleet/server-trends";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { now as clockNow } from "@/lib/clock";
import { isAppError } from "@/lib/errors";
import { getServer, listLiveRelays } from "@/lib/fleet/servers/get-server";
import { localizedName } from "@/lib/i18n/localized";
import { ServerActions } from "../server-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fleet"))("serverTitle") };
}

/** One server: status, host, load and latency, its settings, its relays, and what an admin can do with it. */
export default async function ServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/servers/${id}`);
  const db = await getDb();
  const server = await getServer(db, admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const [relays, t, format, locale, timeZone] = await Promise.all([
    listLiveRelays(db, id),
    getTranslations("fleet"),
    getFormatter(),
    getLocale(),
    getTimeZone(),
  ]);
  const now = clockNow();
  // Inside sentences: the app's one date format as text (lib/i18n/date-format).
  const when = (d: Date | null) => (d ? formatDate(d, { locale, timeZone }) : t("never"));
  const day = (d: Date) => formatDate(d, { locale, timeZone, mode: "date" });
  const gib = (bytes: number) => t("gib", { value: format.number(bytes / 1024 ** 3, { maximumFractionDigits: 1 }) });
  const mib = (bytes: number) => t("mib", { value: format.number(bytes / 1024 ** 2, { maximumFractionDigits: 0 }) });
  const d = server.docker;

  return (
    <section className="space-y-6">
      <AutoRefresh />
      <Link href="/admin/servers" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold" data-testid="server-name">
          {server.name}
        </h1>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <ServerStatusBadge status={server.status} changedAt={server.statusChangedAt} now={now} />
          <HealthCheckButton />
          <span className="text-muted-foreground">
            {localizedName(locale, server.region)} <span className="font-mono">({server.region.code})</span>
          </span>
          {server.enabled ? <Badge tone="success">{t("enabled")}</Badge> : <Badge>{t("disabled")}</Badge>}
          {server.draining && <Badge tone="warning">{t("draining")}</Badge>}
        </div>
      </div>
      {server.lastError && (
        <Alert data-testid="server-last-error">
          <p className="font-medium">{t("lastError")}</p>
          <p className="mt-1 break-words font-mono text-xs">{server.lastError}</p>
        </Alert>
      )}
      <Card>
        <ServerActions key={`${server.enabled}-${server.draining}`} id={server.id} name={server.name} enabled={server.enabled} draining={server.draining} />
      </Card>

      <div className="grid gap-4 md:grid-cols-3">
        <Card className="space-y-2">
          <CardTitle>{t("host.title")}</CardTitle>
          {server.hostInfo ? (
            <Facts>
              <Fact label={t("host.docker")}>{server.hostInfo.dockerVersion}</Fact>
              <Fact label={t("host.cpus")}>{server.hostInfo.cpus}</Fact>
              <Fact label={t("host.memory")}>{gib(server.hostInfo.memoryBytes)}</Fact>
              <Fact label={t("host.containers")}>{server.hostInfo.containersRunning}</Fact>
            </Facts>
          ) : (
            <p className="text-sm text-muted-foreground">{t("host.unknown")}</p>
          )}
          <p className="text-xs text-muted-foreground">{t("host.checked", { when: when(server.lastCheckedAt) })}</p>
        </Card>
        <Card className="space-y-3">
          <CardTitle>{t("load.label")}</CardTitle>
          <LoadMeter load={server.load} />
          <p className="text-xs text-muted-foreground">{t("load.live", { live: server.load.relaysLive })}</p>
        </Card>
        <Card className="space-y-3">
          <CardTitle>{t("latency.label")}</CardTitle>
          <LatencySummary latency={server.latency} />
        </Card>
      </div>

      {/* charts: fleet-monitor */}
      <ServerTrends serverId={server.id} />

      <Card className="space-y-4">
        <CardTitle>{t("settings")}</CardTitle>
        <div className="grid gap-6 md:grid-cols-2">
          <Facts>
            <Fact label={t("form.publicIpv4")}>
              <span className="font-mono">{server.publicIpv4}</span>
            </Fact>
            <Fact label={t("form.publicIpv6")}>{server.publicIpv6 ? <span className="font-mono">{server.publicIpv6}</span> : t("none")}</Fact>
            <Fact label={t("form.naming")}>
              {server.derpNaming === "ip" ? (
                t("form.namingIp")
              ) : (
                <>
                  {t("form.namingDomain")}: <span className="font-mono">*.{server.derpDomain}</span>
                  {server.wildcardCertificate && (
                    <span className="block text-xs text-muted-foreground">
                      {t("certUntil", { subject: server.wildcardCertificate.subject, until: day(new Date(server.wildcardCertificate.notAfter)) })}
                    </span>
                  )}
                </>
              )}
            </Fact>
            <Fact label={t("derpPorts")}>
              <span className="font-mono">
                {server.derpPortMin}-{server.derpPortMax}
              </span>
            </Fact>
            <Fact label={t("stunPorts")}>
              <span className="font-mono">
                {server.stunPortMin}-{server.stunPortMax}
              </span>
            </Fact>
          </Facts>
          <Facts>
            <Fact label={t("form.capacity")}>{server.capacity}</Fact>
            <Fact label={t("form.networkMode")}>{server.networkMode === "host" ? t("form.networkHost") : t("form.networkBridge")}</Fact>
            <Fact label={t("cpuPerRelay")}>{server.relayCpuLimit ?? t("unlimited")}</Fact>
            <Fact label={t("memoryPerRelay")}>{server.relayMemoryLimitBytes ? mib(server.relayMemoryLimitBytes) : t("unlimited")}</Fact>
            <Fact label={t("form.docker")}>
              <span className="font-mono text-xs" data-testid="server-docker">
                {d.kind === "socket" ? `unix://${d.socketPath}` : d.kind === "tls" ? `tcp+tls://${d.host}:${d.port}` : `ssh://${d.username}@${d.host}:${d.port}`}
              </span>
              {d.kind !== "socket" && (
                <span className="block text-xs text-muted-foreground">
                  {(d.kind === "tls" ? d.hasKey : d.hasPrivateKey) ? t("secretStored") : t("secretMissing")}
                  {d.kind === "ssh" && <span className="block font-mono">{d.hostKeySha256}</span>}
                </span>
              )}
            </Fact>
          </Facts>
        </div>
      </Card>

      <section className="space-y-3" aria-labelledby="relays-title">
        <h2 id="relays-title" className="text-lg font-semibold">
          {t("relays.title")}
        </h2>
        {relays.length === 0 ? (
          <EmptyState title={t("relays.empty")} description={t("relays.emptyBody")} />
        ) : (
          <Table data-testid="relays-table">
            <THead>
              <Tr>
                <Th>{t("relays.container")}</Th>
                <Th>{t("relays.state")}</Th>
                <Th>{t("relays.ports")}</Th>
                <Th>{t("relays.hostname")}</Th>
                <Th>{t("relays.certificate")}</Th>
                <Th>{t("relays.probe")}</Th>
              </Tr>
            </THead>
            <TBody>
              {relays.map((r) => (
                <Tr key={r.id} data-testid="relay-row">
                  <Td>
                    <span className="font-mono text-xs">{r.containerName}</span>
                    {r.kind === "canary" && (
                      <Badge tone="info" className="ml-2">
                        {t("relays.canary")}
                      </Badge>
                    )}
                  </Td>
                  <Td>
                    <Badge tone={r.state === "running" ? "success" : r.state === "failed" ? "danger" : r.state === "stopped" ? "warning" : "neutral"}>
                      {t(`relays.states.${r.state}`)}
                    </Badge>
                    {r.stateReason && <span className="block text-xs text-muted-foreground">{r.stateReason}</span>}
                  </Td>
                  <Td className="font-mono text-xs">
                    {t("relays.portPair", { derp: r.derpPort, stun: r.stunPort })}
                  </Td>
                  <Td className="font-mono text-xs">{r.hostname}</Td>
                  <Td className="text-xs">
                    {r.certName && (
                      <span className="block max-w-[14rem] truncate font-mono" title={r.certName}>
                        {r.certName}
                      </span>
                    )}
                    {r.certExpiresAt ? t("relays.until", { when: day(r.certExpiresAt) }) : "—"}
                  </Td>
                  <Td className="text-xs">
                    {r.lastProbeAt ? (
                      <>
                        {r.lastProbeOk ? <Badge tone="success">{t("relays.probeOk")}</Badge> : <Badge tone="danger">{t("relays.probeFailed")}</Badge>}
                        <span className="block text-muted-foreground">{format.relativeTime(r.lastProbeAt, now)}</span>
                      </>
                    ) : (
                      t("never")
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </section>
  );
}

function Facts({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">{children}</dl>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

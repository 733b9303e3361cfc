import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { AutoRefresh } from "@/components/fleet/auto-refresh";
import { HealthCheckButton } from "@/components/fleet/health-check-button";
import { LatencySummary } from "@/components/fleet/latency-summary";
import { LoadMeter } from "@/components/fleet/load-meter";
import { RegionSummaryTable } from "@/components/fleet/region-summary-table";
import { ServerStatusBadge } from "@/components/fleet/server-status-badge";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { now as clockNow } from "@/lib/clock";
import { listFleet } from "@/lib/fleet/servers/list-servers";
import { localizedName } from "@/lib/i18n/localized";
import { summarizeRegions } from "@/lib/fleet/servers/region-summary";
import type { ServerView } from "@/lib/fleet/servers/server-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fleet"))("title") };
}

/** The fleet: every server grouped by region (status, load, latency, flags), then the per-region table. */
export default async function ServersPage() {
  const admin = await requireAdminPage("/admin/servers");
  const db = await getDb();
  const [fleet, regions, t, locale] = await Promise.all([listFleet(db, admin), summarizeRegions(db, admin), getTranslations("fleet"), getLocale()]);
  const now = clockNow();
  const groups = groupByRegion(fleet);
  const addButton = (
    <Link href="/admin/servers/new" className={buttonVariants()} data-testid="server-add">
      {t("add")}
    </Link>
  );
  return (
    <section className="space-y-8">
      <AutoRefresh />
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title={t("title")} lead={t("lead")} />
        {fleet.length > 0 && (
          <div className="flex items-center gap-3">
            <HealthCheckButton />
            {addButton}
          </div>
        )}
      </div>
      {fleet.length === 0 ? (
        <EmptyState title={t("empty")} description={t("emptyBody")} action={addButton} />
      ) : (
        groups.map(({ region, servers }) => (
          <section key={region.id} className="space-y-3" aria-labelledby={`region-${region.id}`} data-testid="fleet-region" data-code={region.code}>
            <h2 id={`region-${region.id}`} className="text-lg font-semibold">
              {localizedName(locale, region)} <span className="font-mono text-sm text-muted-foreground">{region.code}</span>
            </h2>
            {/* Fixed columns, so the tables of all regions line up. */}
            <Table className="table-fixed">
              <THead>
                <Tr>
                  <Th className="w-[24%]">{t("server")}</Th>
                  <Th className="w-[24%]">{t("statusLabel")}</Th>
                  <Th className="w-[20%]">{t("load.label")}</Th>
                  <Th className="w-[16%]">{t("latency.label")}</Th>
                  <Th className="w-[16%]">{t("flags")}</Th>
                </Tr>
              </THead>
              <TBody>
                {servers.map((s) => (
                  <Tr key={s.id} data-testid="server-row" data-name={s.name}>
                    <Td>
                      <Link href={`/admin/servers/${s.id}`} className="break-words font-medium text-primary hover:underline">
                        {s.name}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{s.publicIpv4}</div>
                    </Td>
                    <Td>
                      <ServerStatusBadge status={s.status} changedAt={s.statusChangedAt} now={now} />
                      {s.status === "down" && s.lastError && <p className="mt-1 max-w-xs truncate text-xs text-destructive" title={s.lastError}>{s.lastError}</p>}
                    </Td>
                    <Td>
                      <LoadMeter load={s.load} label={t("load.of", { name: s.name })} />
                    </Td>
                    <Td>
                      <LatencySummary latency={s.latency} />
                    </Td>
                    <Td>
                      <span className="flex flex-wrap gap-1">
                        {s.enabled ? <Badge tone="success">{t("enabled")}</Badge> : <Badge>{t("disabled")}</Badge>}
                        {s.draining && <Badge tone="warning">{t("draining")}</Badge>}
                      </span>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </section>
        ))
      )}
      <Card className="space-y-4">
        <CardTitle>{t("regions.title")}</CardTitle>
        <RegionSummaryTable regions={regions} />
      </Card>
    </section>
  );
}

function groupByRegion(fleet: ServerView[]): { region: ServerView["region"]; servers: ServerView[] }[] {
  const groups = new Map<string, { region: ServerView["region"]; servers: ServerView[] }>();
  for (const server of fleet) {
    const group = groups.get(server.region.id) ?? { region: server.region, servers: [] };
    group.servers.push(server);
    groups.set(server.region.id, group);
  }
  // listFleet returns servers in region order, and a Map keeps insertion order.
  return [...groups.values()];
}

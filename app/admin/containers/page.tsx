import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { relayState } from "@/db/schema";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { RelayStateBadge } from "@/components/containers/relay-state-badge";
import { TrafficChart } from "@/components/containers/traffic-chart";
import { splitUptime } from "@/components/containers/relay-words";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listRelays, relayListQuery } from "@/lib/containers/list-relays";
import { uptimeSeconds } from "@/lib/containers/relay-cards";
import { trafficRateBy } from "@/lib/containers/traffic-views";
import { listWaitingRentals } from "@/lib/containers/waiting-rentals";
import { listFleet } from "@/lib/fleet/servers/list-servers";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { inLocale } from "@/lib/i18n/localized";
import { bytesToGb } from "@/lib/units";
import { ReconcilePanel } from "./reconcile-panel";
import { RelayRowActions } from "./row-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("containers.admin"))("title") };
}

/**
 * Every customer relay with its server, region, user, state, ports, uptime and traffic; filters, paging and
 * row actions; rentals still waiting for a relay with their reason; reconciliation on demand; traffic rate
 * charts per server and region.
 */
export default async function ContainersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/containers");
  const { filter, raw, invalid } = parsePageFilter(relayListQuery, await searchParams);
  const db = await getDb();
  const [page, waiting, fleet, byServer, byRegion, t, tc, format, locale] = await Promise.all([
    listRelays(db, admin, filter),
    listWaitingRentals(db, admin),
    listFleet(db, admin),
    trafficRateBy(db, admin, "server"),
    trafficRateBy(db, admin, "region"),
    getTranslations("containers"),
    getTranslations("common.common"),
    getFormatter(),
    getLocale(),
  ]);
  const regions = [...new Map(fleet.map((s) => [s.region.code, s.region])).values()];
  const servers = fleet.map((s) => ({ id: s.id, name: s.name }));
  const gb = (bytes: number) => format.number(bytesToGb(bytes), { maximumFractionDigits: 2 });
  const hours = byServer.hours.map((h) => h.toISOString());
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title={t("admin.title")} lead={t("admin.lead")} />
        <ReconcilePanel />
      </div>

      {waiting.length > 0 && (
        <Card className="space-y-3" data-testid="waiting-rentals">
          <CardTitle>{t("admin.waitingTitle", { count: waiting.length })}</CardTitle>
          <ul className="space-y-1 text-sm">
            {waiting.map((w) => (
              <li key={w.id} className="flex flex-wrap gap-x-3" data-testid="waiting-rental">
                <Link href={`/admin/users/${w.userId}`} className="text-primary hover:underline">
                  {w.email}
                </Link>
                <span>{inLocale(locale, w.planNameEn, w.planNameZh)}</span>
                <span className="font-mono text-xs">{w.regionCode ?? t("admin.anyRegion")}</span>
                <span className="text-muted-foreground">{w.allocationProblem ? t(`problem.${problemKey(w.allocationProblem)}`) : t("problem.not_tried")}</span>
                {w.allocationProblemAt && <DateTime value={w.allocationProblemAt} className="text-muted-foreground" />}
              </li>
            ))}
          </ul>
        </Card>
      )}

      <FilterBar action="/admin/containers" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")}>
        <FilterField id="server" label={t("filters.server")}>
          <Select id="server" name="server" defaultValue={raw.server ?? ""}>
            <option value="">{t("filters.any")}</option>
            {servers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="region" label={t("filters.region")}>
          <Select id="region" name="region" defaultValue={raw.region ?? ""}>
            <option value="">{t("filters.any")}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="state" label={t("filters.state")}>
          <Select id="state" name="state" defaultValue={raw.state ?? ""}>
            <option value="">{t("filters.live")}</option>
            {relayState.enumValues.map((s) => (
              <option key={s} value={s}>
                {t(`state.${s}`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="user" label={t("filters.user")}>
          <Input id="user" name="user" type="search" defaultValue={raw.user} className="w-56" />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("filters.invalid")}</Alert>}

      {page.items.length === 0 ? (
        <EmptyState title={t("admin.empty")} description={t("admin.emptyBody")} />
      ) : (
        <Table data-testid="relay-table">
          <THead>
            <Tr>
              <Th>{t("admin.server")}</Th>
              <Th>{t("admin.user")}</Th>
              <Th>{t("admin.state")}</Th>
              <Th>{t("admin.ports")}</Th>
              <Th>{t("admin.uptime")}</Th>
              <Th>{t("admin.traffic")}</Th>
              <Th>{t("admin.created")}</Th>
              <Th>{t("admin.actions")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((r) => {
              const uptime = uptimeSeconds(r);
              return (
                <Tr key={r.id} data-testid="relay-row" data-relay-id={r.id} data-state={r.state}>
                  <Td>
                    <Link href={`/admin/servers/${r.server.id}`} className="font-medium text-primary hover:underline">
                      {r.server.name}
                    </Link>
                    <div className="font-mono text-xs text-muted-foreground">
                      {r.region.code} · {t("admin.node", { node: r.node + 1 })}
                    </div>
                  </Td>
                  <Td className="break-all">
                    {r.rental ? (
                      <Link href={`/admin/users/${r.rental.userId}`} className="text-primary hover:underline">
                        {r.rental.userEmail}
                      </Link>
                    ) : (
                      "–"
                    )}
                  </Td>
                  <Td>
                    <RelayStateBadge state={r.state} label={t(`state.${r.state}`)} />
                    {r.stateReason && r.state !== "running" && <p className="mt-1 max-w-xs truncate text-xs text-muted-foreground" title={r.stateReason}>{r.stateReason}</p>}
                  </Td>
                  <Td className="font-mono text-xs">
                    {t("admin.derp")} {r.derpPort}
                    <br />
                    {t("admin.stun")} {r.stunPort}
                  </Td>
                  <Td>{uptime === null ? "–" : t("uptime", splitUptime(uptime))}</Td>
                  <Td className="whitespace-nowrap">
                    {r.rental ? t("admin.trafficValue", { used: gb(r.rental.trafficUsedBytes), quota: gb(r.rental.trafficQuotaBytes) }) : "–"}
                  </Td>
                  <Td>
                    <DateTime value={r.createdAt} />
                  </Td>
                  <Td>
                    <RelayRowActions id={r.id} name={r.containerName} state={r.state} servers={servers} currentServerId={r.server.id} />
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/containers" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card className="space-y-2">
          <CardTitle>{t("admin.rateByServer")}</CardTitle>
          {byServer.series.length ? (
            <TrafficChart hours={hours} series={byServer.series} unit="rate" title={t("admin.rateByServer")} testId="rate-by-server" />
          ) : (
            <p className="text-sm text-muted-foreground">{t("admin.noTraffic")}</p>
          )}
        </Card>
        <Card className="space-y-2">
          <CardTitle>{t("admin.rateByRegion")}</CardTitle>
          {byRegion.series.length ? (
            <TrafficChart hours={hours} series={byRegion.series} unit="rate" title={t("admin.rateByRegion")} testId="rate-by-region" />
          ) : (
            <p className="text-sm text-muted-foreground">{t("admin.noTraffic")}</p>
          )}
        </Card>
      </div>
    </section>
  );
}

const PROBLEMS = ["no_server_available", "relay_not_running"];
const problemKey = (p: string) => (PROBLEMS.includes(p) ? p : "other");

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { deliveriesFilter, listAlertDeliveries } from "@/lib/alerts/list-deliveries";
import { listOpenAlerts } from "@/lib/alerts/list-open";
import { readAlertSettings } from "@/lib/alerts/settings";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { AlertSettingsForm } from "./settings-form";
import { TestAlertButton } from "./test-alert-button";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("alerts.settings"))("title") };
}

export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/settings");
  const { filter, raw, invalid } = parsePageFilter(deliveriesFilter, await searchParams);
  const db = await getDb();
  const [settings, open, deliveries, t, tr, tf, tc] = await Promise.all([
    readAlertSettings(db),
    listOpenAlerts(db, admin),
    listAlertDeliveries(db, admin, filter),
    getTranslations("alerts.settings"),
    getTranslations("alerts.ruleNames"),
    getTranslations("adminLogs.filters"),
    getTranslations("common.common"),
  ]);
  const ruleName = (rule: string) => (tr.has(rule as never) ? tr(rule as never) : rule);
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <Card className="space-y-4">
        <CardTitle>{t("alertsTitle")}</CardTitle>
        <AlertSettingsForm settings={settings} />
        <hr className="border-border" />
        <TestAlertButton />
      </Card>

      <Card className="space-y-3" data-testid="alerts-open">
        <CardTitle>{t("openTitle")}</CardTitle>
        {open.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noOpen")}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {open.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-2">
                <Badge tone="danger">{ruleName(a.rule)}</Badge>
                <span className="break-all font-mono text-xs">{a.dedupKey}</span>
                <span className="text-muted-foreground">
                  {t("since")} <DateTime value={a.startedAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">{t("deliveriesTitle")}</h2>
        {invalid && <Alert tone="info">{tf("invalid")}</Alert>}
        {deliveries.items.length === 0 ? (
          <EmptyState title={t("noDeliveries")} />
        ) : (
          <Table stack data-testid="alert-deliveries">
            <THead>
              <Tr>
                <Th>{t("time")}</Th>
                <Th>{t("alert")}</Th>
                <Th>{t("target")}</Th>
                <Th>{t("outcome")}</Th>
                <Th>{t("status")}</Th>
              </Tr>
            </THead>
            <TBody>
              {deliveries.items.map((d) => (
                <Tr key={d.id} data-testid="alert-delivery" data-target={d.target} data-ok={String(d.ok)}>
                  <Td data-label={t("time")}>
                    <DateTime value={d.at} />
                  </Td>
                  <Td data-label={t("alert")}>
                    {d.event === "test" ? ruleName(d.rule) : `${ruleName(d.rule)} · ${t(`events.${d.event}`)}`}
                  </Td>
                  <Td data-label={t("target")}>
                    <span>
                      {t(`targets.${d.target}`)} <span className="break-all font-mono text-xs">{d.destination}</span>
                    </span>
                  </Td>
                  <Td data-label={t("outcome")}>
                    <Badge tone={d.ok ? "success" : "danger"}>{d.ok ? t("ok") : t("failed")}</Badge>
                  </Td>
                  <Td data-label={t("status")} className="break-all font-mono text-xs">
                    {[d.httpStatus, d.error].filter((x) => x !== null).join(" ") || "-"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <CursorPager basePath="/admin/settings" params={raw} nextCursor={deliveries.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
      </div>
    </section>
  );
}

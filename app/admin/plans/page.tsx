import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { listPlans } from "@/lib/billing/plans";
import { bytesPerSecToMbps, bytesToGb } from "@/lib/units";
import type { SearchParams } from "@/lib/http/search-params";
import { PlanForm } from "./plan-form";
import { PageHeader } from "@/components/ui/page-header";
import { localizedName, otherLocaleName } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.plans"))("title") };
}

export default async function PlansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/plans");
  const showArchived = (await searchParams).archived === "1";
  const [plans, t, format, locale] = await Promise.all([
    listPlans(await getDb(), admin, { includeArchived: showArchived }),
    getTranslations("billing.plans"),
    getFormatter(),
    getLocale(),
  ]);
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title={t("title")} lead={t("lead")} />
        <Link href={showArchived ? "/admin/plans" : "/admin/plans?archived=1"} className="text-sm text-primary hover:underline">
          {showArchived ? t("hideArchived") : t("showArchived")}
        </Link>
      </div>
      {plans.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table data-testid="plans-table">
          <THead>
            <Tr>
              <Th>{t("name")}</Th>
              <Th>{t("duration")}</Th>
              <Th>{t("traffic")}</Th>
              <Th>{t("devices")}</Th>
              <Th>{t("bandwidth")}</Th>
              <Th className="text-right">{t("price")}</Th>
              <Th>{t("state")}</Th>
            </Tr>
          </THead>
          <TBody>
            {plans.map((p) => (
              <Tr key={p.id}>
                <Td>
                  <Link href={`/admin/plans/${p.id}`} className="font-medium text-primary hover:underline">
                    {localizedName(locale, p)}
                  </Link>
                  <div className="text-xs text-muted-foreground">{otherLocaleName(locale, p)}</div>
                </Td>
                <Td>{t("durationValue", { days: p.durationDays })}</Td>
                <Td>{t("trafficValue", { gb: format.number(bytesToGb(p.trafficQuotaBytes)) })}</Td>
                <Td>{p.deviceLimit}</Td>
                <Td>
                  {p.bandwidthLimitBytesPerSec
                    ? `${format.number(bytesPerSecToMbps(p.bandwidthLimitBytesPerSec), { maximumFractionDigits: 1 })} Mbit/s`
                    : "—"}
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(p.priceMinor, p.currency, locale)}</Td>
                <Td className="space-x-1">
                  {p.archivedAt ? (
                    <Badge>{t("stateArchived")}</Badge>
                  ) : p.active ? (
                    <Badge tone="success">{t("stateActive")}</Badge>
                  ) : (
                    <Badge tone="warning">{t("stateInactive")}</Badge>
                  )}
                  {p.sold && <Badge tone="info">{t("sold")}</Badge>}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Card className="space-y-4">
        <CardTitle>{t("new")}</CardTitle>
        <PlanForm />
      </Card>
    </section>
  );
}

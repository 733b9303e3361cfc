import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { CountChart, RevenueChart } from "@/components/charts/revenue-chart";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { BUCKETS, bucketLabels, bucketSpans, fillSeries } from "@/lib/billing/series";
import { getFinanceStatistics, statisticsQuery } from "@/lib/billing/statistics";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { addUtcDays } from "@/lib/utc-day";
import { PageHeader } from "@/components/ui/page-header";
import { inLocale } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.finance"))("title") };
}

export default async function FinancePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/finance");
  const { filter, raw, invalid } = parsePageFilter(statisticsQuery, await searchParams);
  const [stats, t, format, locale] = await Promise.all([
    getFinanceStatistics(await getDb(), admin, filter),
    getTranslations("billing.finance"),
    getFormatter(),
    getLocale(),
  ]);
  const lastDay = addUtcDays(filter.until, -1);
  const currencies = stats.totals.map((x) => x.currency);
  // Every bucket of the range, with its names: a bar with no sales is drawn as zero, not left out.
  const spans = bucketSpans(filter.from, filter.until, stats.groupBy);
  const labelOf = new Map(spans.map((b) => [b.bucket, bucketLabels(b, stats.groupBy, locale)]));
  const keys = spans.map((b) => b.bucket);
  const labelled = <T extends { bucket: string }>(points: T[]) => points.map((p) => ({ ...p, ...labelOf.get(p.bucket)! }));
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <FilterBar action="/admin/finance" applyLabel={t("apply")} clearLabel={t("clear")}>
        <FilterField id="from" label={t("from")}>
          <Input id="from" name="from" type="date" defaultValue={raw.from ?? stats.from} />
        </FilterField>
        <FilterField id="to" label={t("to")}>
          <Input id="to" name="to" type="date" defaultValue={raw.to ?? stats.to} />
        </FilterField>
        <FilterField id="groupBy" label={t("groupBy")}>
          <Select id="groupBy" name="groupBy" defaultValue={raw.groupBy ?? ""}>
            <option value="">{t("groupByAuto")}</option>
            {BUCKETS.map((b) => (
              <option key={b} value={b}>
                {t("bucket", { bucket: b })}
              </option>
            ))}
          </Select>
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("badFilter")}</Alert>}
      <p className="text-sm text-muted-foreground">{t("range", { from: filter.from, to: lastDay })}</p>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card className="space-y-2" data-testid="finance-total">
          <CardTitle className="text-base text-muted-foreground">{t("total")}</CardTitle>
          {stats.totals.length === 0 ? (
            <p className="text-muted-foreground">{t("noRevenue")}</p>
          ) : (
            stats.totals.map((x) => (
              <p key={x.currency} className="flex items-baseline gap-3">
                <span className="text-3xl font-semibold tabular-nums" data-testid={`total-${x.currency}`}>
                  {money(x.amountMinor, x.currency)}
                </span>
                <span className="text-sm text-muted-foreground">{t("orders", { count: x.orders })}</span>
              </p>
            ))
          )}
        </Card>
        <Card className="space-y-2">
          <CardTitle className="text-base text-muted-foreground">{t("rentalsNow")}</CardTitle>
          <p className="text-3xl font-semibold tabular-nums">{t("rentalsActive", { count: stats.rentalsNow.active })}</p>
          <p className="text-sm text-muted-foreground">
            {t("rentalsPending", { count: stats.rentalsNow.pending })} · {t("rentalsOverQuota", { count: stats.rentalsNow.overQuota })} ·{" "}
            {t("rentalsSuspended", { count: stats.rentalsNow.suspended })}
          </p>
        </Card>
      </div>

      {currencies.length === 0 ? (
        <EmptyState title={t("chartEmpty")} />
      ) : (
        currencies.map((currency) => (
          <Card key={currency} className="space-y-3">
            <CardTitle className="text-base">
              {t("revenuePer", { bucket: stats.groupBy })} · {currency}
            </CardTitle>
            <RevenueChart
              title={t("revenuePer", { bucket: stats.groupBy })}
              currency={currency}
              locale={locale}
              testId={`chart-revenue-${currency}`}
              points={labelled(
                fillSeries(
                  keys,
                  stats.series.filter((p) => p.currency === currency),
                  (bucket) => ({ bucket, currency, amountMinor: 0, orders: 0 }),
                ),
              )}
            />
          </Card>
        ))
      )}

      <Card className="space-y-3">
        <CardTitle className="text-base">{t("redemptionsPer", { bucket: stats.groupBy })}</CardTitle>
        {stats.redemptions.length === 0 ? (
          <EmptyState title={t("chartEmpty")} />
        ) : (
          <CountChart
            title={t("redemptions")}
            locale={locale}
            testId="chart-redemptions"
            points={labelled(fillSeries(keys, stats.redemptions, (bucket) => ({ bucket, bucketEnd: bucket, count: 0 })))}
          />
        )}
      </Card>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card className="space-y-3">
          <CardTitle className="text-base">{t("perPlan")}</CardTitle>
          {stats.perPlan.length === 0 ? (
            <EmptyState title={t("noRevenue")} />
          ) : (
            <Table data-testid="finance-per-plan">
              <THead>
                <Tr>
                  <Th>{t("plan")}</Th>
                  <Th className="text-right">{t("count")}</Th>
                  <Th className="text-right">{t("revenue")}</Th>
                </Tr>
              </THead>
              <TBody>
                {stats.perPlan.map((p) => (
                  <Tr key={`${p.planId}-${p.currency}`}>
                    <Td>{inLocale(locale, p.planNameEn, p.planNameZh)}</Td>
                    <Td className="text-right tabular-nums">{format.number(p.orders)}</Td>
                    <Td className="text-right tabular-nums">{money(p.amountMinor, p.currency)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card className="space-y-3">
          <CardTitle className="text-base">{t("perChannel")}</CardTitle>
          {stats.perChannel.length === 0 ? (
            <EmptyState title={t("noRevenue")} />
          ) : (
            <Table data-testid="finance-per-channel">
              <THead>
                <Tr>
                  <Th>{t("channel")}</Th>
                  <Th className="text-right">{t("count")}</Th>
                  <Th className="text-right">{t("revenue")}</Th>
                </Tr>
              </THead>
              <TBody>
                {stats.perChannel.map((c) => (
                  <Tr key={`${c.channel ?? ""}-${c.currency}`}>
                    <Td>{c.channel ?? t("noChannel")}</Td>
                    <Td className="text-right tabular-nums">{format.number(c.orders)}</Td>
                    <Td className="text-right tabular-nums">{money(c.amountMinor, c.currency)}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </section>
  );
}

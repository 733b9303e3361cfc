import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { RentalStatusBadge } from "@/components/billing/rental-status-badge";
import { DateTime } from "@/components/ui/date-time";
import { Card, CardTitle } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { SessionUser } from "@/lib/auth/types";
import { formatMoney } from "@/lib/billing/money";
import { getPlanSales, listPlanRentals, planRentalsQuery } from "@/lib/billing/plan-overview";
import { listSerialBatches } from "@/lib/billing/serial-batches";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { inLocale } from "@/lib/i18n/localized";
import { bytesToGb } from "@/lib/units";

const BATCHES_SHOWN = 10;

/** A plan's sales (orders and revenue per currency), its latest batches and its current rentals (paged). */
export async function PlanOverview({ admin, planId, searchParams }: { admin: SessionUser; planId: string; searchParams: SearchParams }) {
  const db = await getDb();
  const { filter, raw } = parsePageFilter(planRentalsQuery, searchParams);
  const [sales, batches, rentals, t, tb, tc, format, locale] = await Promise.all([
    getPlanSales(db, admin, planId),
    listSerialBatches(db, admin, { planId, limit: BATCHES_SHOWN }),
    listPlanRentals(db, admin, planId, filter),
    getTranslations("operator.plan"),
    getTranslations("billing"),
    getTranslations("common.common"),
    getFormatter(),
    getLocale(),
  ]);
  const date = (d: Date) => <DateTime value={d} mode="date" />;
  return (
    <>
      <Card className="space-y-4" data-testid="plan-sales">
        <CardTitle>{t("sales")}</CardTitle>
        <dl className="grid gap-4 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-muted-foreground">{t("orders")}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid="plan-orders">
              {format.number(sales.orders)}
            </dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-sm text-muted-foreground">{t("revenue")}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid="plan-revenue">
              {sales.revenue.length === 0 ? "—" : sales.revenue.map((r) => formatMoney(r.amountMinor, r.currency, locale)).join(" · ")}
            </dd>
          </div>
        </dl>
        <p className="text-xs text-muted-foreground">{t("grantsNote")}</p>
      </Card>

      <Card className="space-y-4" data-testid="plan-batches">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>{t("batches")}</CardTitle>
          <Link href={`/admin/serials?planId=${planId}`} className="text-sm text-primary hover:underline">
            {t("allBatches")}
          </Link>
        </div>
        {batches.items.length === 0 ? (
          <EmptyState title={t("noBatches")} />
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>{tb("serials.created")}</Th>
                <Th className="text-right">{tb("serials.codes")}</Th>
                <Th className="text-right">{tb("serials.redeemed")}</Th>
                <Th className="text-right">{tb("serials.price")}</Th>
                <Th>{tb("serials.channel")}</Th>
              </Tr>
            </THead>
            <TBody>
              {batches.items.map((b) => (
                <Tr key={b.id}>
                  <Td className="whitespace-nowrap">
                    <Link href={`/admin/serials/${b.id}`} className="text-primary hover:underline">
                      {date(b.createdAt)}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{format.number(b.count)}</Td>
                  <Td className="text-right tabular-nums">{format.number(b.counts.redeemed)}</Td>
                  <Td className="text-right tabular-nums">{formatMoney(b.priceMinor, b.currency, locale)}</Td>
                  <Td>{b.channel ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card className="space-y-4" data-testid="plan-rentals" id="rentals">
        <CardTitle>{t("rentals")}</CardTitle>
        {rentals.items.length === 0 ? (
          <EmptyState title={t("noRentals")} />
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>{t("user")}</Th>
                <Th>{t("status")}</Th>
                <Th>{t("region")}</Th>
                <Th>{t("expires")}</Th>
                <Th className="text-right">{t("traffic")}</Th>
              </Tr>
            </THead>
            <TBody>
              {rentals.items.map((r) => (
                <Tr key={r.id} data-testid="plan-rental">
                  <Td>
                    <Link href={`/admin/users/${r.userId}`} className="whitespace-nowrap text-primary hover:underline">
                      {r.email}
                    </Link>
                  </Td>
                  <Td>
                    <RentalStatusBadge status={r.status} label={tb(`status.${r.status}`)} />
                  </Td>
                  <Td>{r.regionNameEn ? inLocale(locale, r.regionNameEn, r.regionNameZh) : t("anyRegion")}</Td>
                  <Td className="whitespace-nowrap">{date(r.expiresAt)}</Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">
                    {t("trafficValue", { used: format.number(bytesToGb(r.trafficUsedBytes)), quota: format.number(bytesToGb(r.trafficQuotaBytes)) })}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        <CursorPager basePath={`/admin/plans/${planId}`} params={raw} nextCursor={rentals.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
      </Card>
    </>
  );
}

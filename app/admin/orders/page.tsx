import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { buttonVariants } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { STACK_BLOCK, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { listOrders, orderFilter } from "@/lib/billing/orders";
import { listPlanNames } from "@/lib/billing/plans";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { inLocale, localizedName } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.adminOrders"))("title") };
}

export default async function AdminOrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/orders");
  const { filter, raw, invalid } = parsePageFilter(orderFilter, await searchParams);
  const db = await getDb();
  const [page, plans, t, tc, locale] = await Promise.all([
    listOrders(db, admin, filter),
    listPlanNames(db, admin),
    getTranslations("billing"),
    getTranslations("common.common"),
    getLocale(),
  ]);
  const exportQuery = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "cursor" && k !== "limit"));
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title={t("adminOrders.title")} lead={t("adminOrders.lead")} />
        <a href={`/api/admin/orders/export?${exportQuery}`} className={buttonVariants({ variant: "outline" })} download data-testid="orders-export">
          {t("adminOrders.exportCsv")}
        </a>
      </div>
      <FilterBar action="/admin/orders" applyLabel={t("adminOrders.apply")} clearLabel={t("adminOrders.clear")}>
        <FilterField id="from" label={t("adminOrders.from")}>
          <Input id="from" name="from" type="date" defaultValue={raw.from} />
        </FilterField>
        <FilterField id="to" label={t("adminOrders.to")}>
          <Input id="to" name="to" type="date" defaultValue={raw.to} />
        </FilterField>
        <FilterField id="planId" label={t("adminOrders.plan")}>
          <Select id="planId" name="planId" defaultValue={raw.planId ?? ""}>
            <option value="">{t("adminOrders.anyPlan")}</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {localizedName(locale, p)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="channel" label={t("adminOrders.channel")}>
          <Input id="channel" name="channel" defaultValue={raw.channel} className="w-36" />
        </FilterField>
        <FilterField id="batchId" label={t("adminOrders.batch")}>
          <Input id="batchId" name="batchId" defaultValue={raw.batchId} className="w-72 font-mono text-xs" />
        </FilterField>
        <FilterField id="email" label={t("adminOrders.email")}>
          <Input id="email" name="email" type="search" defaultValue={raw.email} className="w-56" />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("adminOrders.badFilter")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyState title={t("adminOrders.empty")} />
      ) : (
        <Table stack data-testid="admin-orders-table">
          <THead>
            <Tr>
              <Th>{t("orders.id")}</Th>
              <Th>{t("orders.date")}</Th>
              <Th>{t("orders.user")}</Th>
              <Th>{t("orders.plan")}</Th>
              <Th>{t("orders.channel")}</Th>
              <Th>{t("orders.batch")}</Th>
              <Th className="text-right">{t("orders.amount")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((o) => (
              <Tr key={o.id}>
                <Td className="font-mono text-xs" data-label={t("orders.id")}>
                  #{o.id}
                </Td>
                <Td data-label={t("orders.date")}>
                  <DateTime value={o.paidAt} />
                </Td>
                <Td className={cn(STACK_BLOCK, "wrap-anywhere sm:whitespace-nowrap")} data-label={t("orders.user")}>
                  <Link href={`/admin/users/${o.userId}`} className="text-primary hover:underline">
                    {o.userEmail}
                  </Link>
                </Td>
                <Td data-label={t("orders.plan")}>{inLocale(locale, o.planNameEn, o.planNameZh)}</Td>
                <Td className="wrap-anywhere" data-label={t("orders.channel")}>
                  {o.channel ?? t("orders.noChannel")}
                </Td>
                <Td data-label={t("orders.batch")}>
                  {o.batchId ? (
                    <Link href={`/admin/serials/${o.batchId}`} className="font-mono text-xs text-primary hover:underline">
                      {o.batchId.slice(0, 8)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td className="text-right tabular-nums" data-label={t("orders.amount")}>
                  {formatMoney(o.amountMinor, o.currency, locale)}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/orders" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

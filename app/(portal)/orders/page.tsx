import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { UserOrdersTable } from "@/components/billing/user-orders-table";
import { CursorPager } from "@/components/ui/cursor-pager";
import { requireUserPage } from "@/lib/auth/page-guards";
import { listUserOrders, userOrdersQuery } from "@/lib/billing/orders";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.orders"))("title") };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUserPage("/orders");
  const { filter, raw } = parsePageFilter(userOrdersQuery, await searchParams);
  const [page, t, tc] = await Promise.all([
    listUserOrders(await getDb(), user, user.id, filter),
    getTranslations("billing.orders"),
    getTranslations("common.common"),
  ]);
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <UserOrdersTable items={page.items} />
      <CursorPager basePath="/orders" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

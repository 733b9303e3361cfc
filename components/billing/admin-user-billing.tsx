import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { SessionUser } from "@/lib/auth/current-user";
import { listUserOrders } from "@/lib/billing/orders";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import type { AppLocale } from "@/lib/i18n/config";
import { listUserHistory } from "@/lib/history/read-history";
import { HistoryTable } from "./history-table";
import { RentalCards } from "./rental-cards";
import { UserOrdersTable } from "./user-orders-table";

/** The admin user page's billing sections: rentals, recent orders and recent history of `userId`. */
export async function AdminUserBilling({ admin, userId }: { admin: SessionUser; userId: string }) {
  const db = await getDb();
  const locale = (await getLocale()) as AppLocale;
  const [rentals, orders, history, t] = await Promise.all([
    listRentalInfo(db, admin, userId),
    listUserOrders(db, admin, userId, { limit: 10 }),
    listUserHistory(db, admin, userId, { limit: 20 }, locale),
    getTranslations("billing.adminUser"),
  ]);
  return (
    <>
      <Card className="space-y-4" data-testid="admin-user-rentals">
        <CardTitle>{t("rentals")}</CardTitle>
        {rentals.length === 0 ? <EmptyState title={t("noRentals")} /> : <RentalCards rentals={rentals} />}
      </Card>
      <Card className="space-y-4" data-testid="admin-user-orders">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>{t("orders")}</CardTitle>
          <Link href={`/admin/orders?userId=${userId}`} className="text-sm text-primary hover:underline">
            {t("allOrders")}
          </Link>
        </div>
        <UserOrdersTable items={orders.items} />
      </Card>
      <Card className="space-y-4" data-testid="admin-user-history">
        <CardTitle>{t("history")}</CardTitle>
        <HistoryTable items={history.items} />
      </Card>
    </>
  );
}

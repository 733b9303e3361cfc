import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { UserOrder } from "@/lib/billing/orders";
import type { RentalInfo } from "@/lib/rentals/rental-info";
import type { HistoryEntry } from "@/lib/history/read-history";
import { HistoryTable } from "./history-table";
import { RentalCards } from "./rental-cards";
import { UserOrdersTable } from "./user-orders-table";

export interface AdminUserBillingData {
  rentals: RentalInfo[];
  /** The most recent orders; the link leads to all of them. */
  orders: UserOrder[];
  history: HistoryEntry[];
}

/** The admin user page's billing sections: rentals, recent orders and recent history of `userId`. */
export async function AdminUserBilling({ userId, rentals, orders, history }: { userId: string } & AdminUserBillingData) {
  const t = await getTranslations("billing.adminUser");
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
        <UserOrdersTable items={orders} />
      </Card>
      <Card className="space-y-4" data-testid="admin-user-history">
        <CardTitle>{t("history")}</CardTitle>
        <HistoryTable items={history} />
      </Card>
    </>
  );
}

import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { Card, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { getAdminOverview } from "@/lib/overview/admin-overview";
import { PageHeader } from "@/components/ui/page-header";

export default async function AdminHomePage() {
  const admin = await requireAdminPage("/admin");
  const [overview, t, locale] = await Promise.all([
    getAdminOverview(await getDb(), admin),
    getTranslations("common.admin"),
    getLocale(),
  ]);
  const link = buttonVariants({ variant: "link", size: "sm" });
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Card className="space-y-1" data-testid="overview-customers">
          <CardTitle className="text-base text-muted-foreground">{t("customers")}</CardTitle>
          <p className="text-3xl font-semibold">{t("customersActive", { count: overview.users.active })}</p>
          <p className="text-sm text-muted-foreground">{t("customersDetail", overview.users)}</p>
          <Link href="/admin/users" className={cn(link, "px-0")}>
            {t("manageUsers")}
          </Link>
        </Card>
        <Card className="space-y-1" data-testid="overview-rentals">
          <CardTitle className="text-base text-muted-foreground">{t("rentals")}</CardTitle>
          <p className="text-3xl font-semibold">{t("rentalsActive", { count: overview.rentalsNow.active })}</p>
          <p className="text-sm text-muted-foreground">{t("rentalsDetail", overview.rentalsNow)}</p>
        </Card>
        <Card className="space-y-1" data-testid="overview-revenue">
          <CardTitle className="text-base text-muted-foreground">{t("revenue")}</CardTitle>
          {overview.revenue.length === 0 ? (
            <p className="text-xl font-semibold">{t("noRevenue")}</p>
          ) : (
            overview.revenue.map((r) => (
              <p key={r.currency} className="text-3xl font-semibold">
                {formatMoney(r.amountMinor, r.currency, locale)}
              </p>
            ))
          )}
          <Link href="/admin/finance" className={cn(link, "px-0")}>
            {t("openFinance")}
          </Link>
        </Card>
      </div>
      <Card className="space-y-3">
        <div className="flex items-center justify-between">
          <CardTitle>{t("errors")}</CardTitle>
          <Link href="/admin/logs?level=error" className={link}>
            {t("allErrors")}
          </Link>
        </div>
        {overview.recentErrors.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t("noErrors")}</p>
        ) : (
          <ul className="divide-y divide-border">
            {overview.recentErrors.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-3 py-2 text-sm">
                <DateTime value={e.at} className="text-muted-foreground" />
                <Badge tone="danger">{e.source}</Badge>
                <span>{e.message}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}

import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import type { RentalInfo } from "@/lib/rentals/rental-info";
import { CURRENT_STATUSES } from "@/lib/rentals/transitions";
import type { RentalRelays } from "@/lib/containers/relay-cards";
import { RentalCards } from "./rental-cards";

const CURRENT = new Set<string>(CURRENT_STATUSES);

/** The portal home for a signed-in customer: current rentals, then past ones, or a way to get the first. */
export async function RentalDashboard({ rentals, relays }: { rentals: RentalInfo[]; relays?: { hours: Date[]; byRental: Map<string, RentalRelays> } }) {
  const t = await getTranslations("billing.dashboard");
  const current = rentals.filter((r) => CURRENT.has(r.status));
  const past = rentals.filter((r) => !CURRENT.has(r.status));
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold" data-testid="dashboard-title">
            {t("title")}
          </h1>
          <p className="text-muted-foreground">{t("lead")}</p>
        </div>
        {rentals.length > 0 && (
          <Link href="/activate" className={buttonVariants()}>
            {t("redeem")}
          </Link>
        )}
      </div>
      {rentals.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={
            <Link href="/activate" className={buttonVariants({ className: "mt-2" })} data-testid="empty-activate">
              {t("redeem")}
            </Link>
          }
        />
      ) : (
        <>
          {current.some((r) => r.status === "pending") && <Alert tone="info">{t("pendingNote")}</Alert>}
          {current.length > 0 && <RentalCards rentals={current} relays={relays} />}
          {past.length > 0 && (
            <div className="space-y-3">
              <h2 className="text-lg font-semibold">{t("past")}</h2>
              <RentalCards rentals={past} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

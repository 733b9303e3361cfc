import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { RentalDashboard } from "@/components/billing/rental-dashboard";
import { buttonVariants } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { getPageUser } from "@/lib/auth/page-guards";
import { relayCards } from "@/lib/containers/relay-cards";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import { CURRENT_STATUSES } from "@/lib/rentals/transitions";

/** Signed-in customers see their relays; anonymous visitors the landing page. */
export default async function HomePage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  const user = await getPageUser();
  if (user) {
    const db = await getDb();
    const [{ welcome }, rentals, ta] = await Promise.all([searchParams, listRentalInfo(db, user, user.id), getTranslations("accounts.verify")]);
    // Relays of the current rentals only: a past rental's relay is released.
    const current = rentals.filter((r) => (CURRENT_STATUSES as readonly string[]).includes(r.status)).map((r) => r.id);
    const relays = await relayCards(db, user, user.id, current);
    return (
      <div className="space-y-6">
        {/* Arrived from the verification link: confirmed and logged in at once. */}
        {welcome && (
          <Alert tone="success" data-testid="verified-welcome">
            {ta("welcome")}
          </Alert>
        )}
        <RentalDashboard rentals={rentals} relays={relays} />
      </div>
    );
  }
  const [t, tm] = await Promise.all([getTranslations("common.home"), getTranslations("accounts.menu")]);
  return (
    <section className="mx-auto max-w-3xl space-y-8 py-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight" data-testid="home-title">
          {t("title")}
        </h1>
        <p className="text-lg text-muted-foreground">{t("lead")}</p>
        <div className="flex flex-wrap gap-3 pt-2">
          <Link href="/signup" className={buttonVariants({ size: "lg" })}>
            {tm("signup")}
          </Link>
          <Link href="/login" className={buttonVariants({ variant: "outline", size: "lg" })}>
            {tm("login")}
          </Link>
        </div>
      </div>
      <ol className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {(["step1", "step2", "step3"] as const).map((step, i) => (
          <li key={step}>
            <Card className="h-full">
              <span className="text-sm font-semibold text-primary">{i + 1}</span>
              <p className="mt-1">{t(step)}</p>
            </Card>
          </li>
        ))}
      </ol>
    </section>
  );
}

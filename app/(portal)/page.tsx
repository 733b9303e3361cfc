import { getTranslations } from "next-intl/server";
import { RentalDashboard } from "@/components/billing/rental-dashboard";
import { Card } from "@/components/ui/card";
import { getPageUser } from "@/lib/auth/page-guards";

/** Signed-in customers see their relays; anonymous visitors the landing page. */
export default async function HomePage() {
  const user = await getPageUser();
  if (user) return <RentalDashboard user={user} />;
  const t = await getTranslations("common.home");
  return (
    <section className="mx-auto max-w-3xl space-y-8 py-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight" data-testid="home-title">
          {t("title")}
        </h1>
        <p className="text-lg text-muted-foreground">{t("lead")}</p>
      </div>
      <ol className="grid gap-4 sm:grid-cols-3">
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

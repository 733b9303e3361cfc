import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { getPlan } from "@/lib/billing/plans";
import { isAppError } from "@/lib/errors";
import { DeletePlanForm } from "../delete-plan-form";
import { PlanForm } from "../plan-form";
import { planFormValues } from "../plan-values";
import { localizedName } from "@/lib/i18n/localized";
import type { SearchParams } from "@/lib/http/search-params";
import { PlanOverview } from "./plan-overview";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.plans"))("edit") };
}

export default async function PlanPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/plans/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const plan = await getPlan(await getDb(), admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const [t, locale] = await Promise.all([getTranslations("billing.plans"), getLocale()]);
  const name = localizedName(locale, plan);
  return (
    <section className="space-y-6">
      <Link href="/admin/plans" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-bold">{name}</h1>
      <PlanOverview admin={admin} planId={plan.id} searchParams={await searchParams} />
      {plan.archivedAt ? (
        <Alert tone="info">{t("archivedNote")}</Alert>
      ) : (
        <Card className="space-y-4">
          <CardTitle>{t("edit")}</CardTitle>
          {plan.sold && <p className="text-sm text-muted-foreground">{t("changesNote")}</p>}
          <PlanForm plan={planFormValues(plan)} />
        </Card>
      )}
      {!plan.archivedAt && (
        <Card>
          <DeletePlanForm id={plan.id} name={name} sold={plan.sold} />
        </Card>
      )}
    </section>
  );
}

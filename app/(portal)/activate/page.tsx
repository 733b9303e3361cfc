import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Card } from "@/components/ui/card";
import { requireUserPage } from "@/lib/auth/page-guards";
import { listRegionOptions } from "@/lib/regions/regions";
import { ActivateForm } from "./activate-form";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.activate"))("title") };
}

export default async function ActivatePage() {
  await requireUserPage("/activate");
  const [t, regions] = await Promise.all([getTranslations("billing.activate"), listRegionOptions(await getDb())]);
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <Card>
        <ActivateForm regions={regions} />
      </Card>
    </section>
  );
}

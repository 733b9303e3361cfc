import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/lib/auth/page-guards";
import type { AppLocale } from "@/lib/i18n/config";
import { listRegions } from "@/lib/regions/regions";
import { regionChoices } from "../region-choices";
import { ServerForm } from "../server-form";
import { NEW_SERVER } from "../server-values";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fleet"))("newTitle") };
}

export default async function NewServerPage() {
  const admin = await requireAdminPage("/admin/servers/new");
  const [regions, t, locale] = await Promise.all([listRegions(await getDb(), admin), getTranslations("fleet"), getLocale()]);
  return (
    <section className="space-y-6">
      <Link href="/admin/servers" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("newTitle")} lead={t("newLead")} />
      {regions.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {t("noRegions")}{" "}
          <Link href="/admin/regions" className="text-primary hover:underline">
            {t("noRegionsLink")}
          </Link>
        </p>
      ) : (
        <ServerForm initial={NEW_SERVER} regions={regionChoices(regions, locale as AppLocale)} />
      )}
    </section>
  );
}

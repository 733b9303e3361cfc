import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Card, CardTitle } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { isAppError } from "@/lib/errors";
import { getRegion } from "@/lib/regions/regions";
import { RegionActions } from "../region-actions";
import { RegionForm } from "../region-form";
import { localizedName } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("regions"))("edit") };
}

export default async function RegionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/regions/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const region = await getRegion(await getDb(), admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const [t, locale] = await Promise.all([getTranslations("regions"), getLocale()]);
  return (
    <section className="space-y-6">
      <Link href="/admin/regions" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-bold">
        {localizedName(locale, region)} <span className="font-mono text-muted-foreground">({region.code})</span>
      </h1>
      <Card className="space-y-4">
        <CardTitle>{t("edit")}</CardTitle>
        {/* Remounted when activated or deactivated elsewhere on this page, so its checkbox is not stale. */}
        <RegionForm key={String(region.active)} region={region} />
      </Card>
      <Card>
        <RegionActions id={region.id} code={region.code} active={region.active} inUse={region.rentalCount > 0 || region.serverCount > 0} thenList />
      </Card>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { isAppError } from "@/lib/errors";
import { getServer } from "@/lib/fleet/servers/get-server";
import type { AppLocale } from "@/lib/i18n/config";
import { listRegions } from "@/lib/regions/regions";
import { regionChoices } from "../../region-choices";
import { ServerForm } from "../../server-form";
import { serverFormInitial } from "../../server-values";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fleet"))("editTitle") };
}

export default async function EditServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/servers/${id}/edit`);
  const db = await getDb();
  const server = await getServer(db, admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const [regions, t, locale] = await Promise.all([listRegions(db, admin), getTranslations("fleet"), getLocale()]);
  return (
    <section className="space-y-6">
      <Link href={`/admin/servers/${id}`} className="text-sm text-primary hover:underline">
        ← {server.name}
      </Link>
      <PageHeader title={t("editTitle")} lead={server.name} />
      <ServerForm initial={serverFormInitial(server)} regions={regionChoices(regions, locale as AppLocale)} />
    </section>
  );
}

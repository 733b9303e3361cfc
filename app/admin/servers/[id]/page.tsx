import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { LiveRefresh } from "@/components/fleet/live-refresh";
import { ServerHealthCard } from "@/components/fleet/server-health-card";
import { ServerTrends } from "@/components/fleet/server-trends";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { isAppError } from "@/lib/errors";
import { getServerHealthView } from "@/lib/fleet/monitor/server-health-view";

// Minimal server page of the monitoring branch; the servers CRUD branch owns this page and takes the health
// card, the trends section and the live refresh into its own.

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("fleetMonitor.page"))("title") };
}

export default async function ServerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/servers/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const server = await getServerHealthView(await getDb(), admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const t = await getTranslations("fleetMonitor.page");
  return (
    <section className="space-y-6">
      <Link href="/admin" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-bold">{server.name}</h1>
      <ServerHealthCard server={server} />
      <ServerTrends serverId={server.id} />
      <LiveRefresh />
    </section>
  );
}

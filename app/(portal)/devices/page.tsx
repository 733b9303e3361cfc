import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { requireUserPage } from "@/lib/auth/page-guards";
import { listAccounts } from "@/lib/devices/control-servers/accounts";
import { listDevices } from "@/lib/devices/devices";
import { listPendingDevices } from "@/lib/devices/pending";
import { ConnectAccountForm } from "./connect-account-form";
import { ControlAccounts } from "./control-accounts";
import { AddDeviceForm, DeviceList } from "./device-forms";
import { PendingList } from "./pending-list";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("devices"))("title") };
}

export default async function DevicesPage() {
  const user = await requireUserPage("/devices");
  const db = await getDb();
  const [{ items, limit }, pending, accounts, t] = await Promise.all([
    listDevices(db, user),
    listPendingDevices(db, user),
    listAccounts(db, user),
    getTranslations("devices"),
  ]);
  return (
    <section className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="text-sm text-muted-foreground" data-testid="devices-lead">
          {limit === null ? t("leadNoRental") : t("lead", { limit })}
        </p>
      </div>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("addTitle")}</CardTitle>
          <CardDescription>{t("addLead")}</CardDescription>
        </div>
        <AddDeviceForm />
      </Card>

      <Card className="space-y-4">
        <CardTitle>{t("listTitle")}</CardTitle>
        <DeviceList devices={items.map((d) => ({ id: d.id, name: d.name, nodeKey: d.nodeKey, source: d.source, added: d.createdAt, withinLimit: d.withinLimit }))} />
      </Card>

      <Card className="space-y-4" data-testid="control-import-card">
        <div className="space-y-1">
          <CardTitle>{t("control.title")}</CardTitle>
          <CardDescription>{t("control.lead")}</CardDescription>
        </div>
        {accounts.length > 0 && (
          <ControlAccounts
            accounts={accounts.map((a) => ({ id: a.id, kind: a.kind, baseUrl: a.baseUrl, tailnet: a.tailnet, syncEnabled: a.syncEnabled, lastSyncAt: a.lastSyncAt, lastError: a.lastError }))}
          />
        )}
        <ConnectAccountForm />
      </Card>

      <Card className="space-y-4">
        <div className="space-y-1">
          <CardTitle>{t("pendingTitle")}</CardTitle>
          <CardDescription>{t("pendingLead")}</CardDescription>
        </div>
        <PendingList
          pending={pending.map((p) => ({
            id: p.id,
            nodeKey: p.nodeKey,
            address: p.sourceIp,
            location: [p.city, p.region, p.country].filter(Boolean).join(", ") || null,
            attempts: p.count,
            last: p.lastAt,
          }))}
        />
      </Card>
    </section>
  );
}

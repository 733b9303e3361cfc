import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { RoleBadge, StatusBadge } from "@/components/admin/user-badges";
import { AdminUserBilling } from "@/components/billing/admin-user-billing";
import { Alert } from "@/components/ui/alert";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { getUserForAdmin } from "@/lib/accounts/admin-users";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listUserOrders } from "@/lib/billing/orders";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import { isAppError } from "@/lib/errors";
import { listUserHistory } from "@/lib/history/read-history";
import type { AppLocale } from "@/lib/i18n/config";
import { queryAuditLog } from "@/lib/logs/audit-log";
import { UserActions } from "./user-actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminUsers.nav"))("users") };
}

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/users/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const user = await getUserForAdmin(db, admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const locale = (await getLocale()) as AppLocale;
  const [audit, rentals, orders, history, t, ta, tc, format] = await Promise.all([
    queryAuditLog(db, admin, { target: `user:${id}`, limit: 10 }),
    listRentalInfo(db, admin, id),
    listUserOrders(db, admin, id, { limit: 10 }),
    listUserHistory(db, admin, id, { limit: 20 }, locale),
    getTranslations("adminUsers.detail"),
    getTranslations("accounts"),
    getTranslations("common.language"),
    getFormatter(),
  ]);
  const when = (d: Date | null, fallback = t("never")) => (d ? format.dateTime(d, { dateStyle: "medium", timeStyle: "short" }) : fallback);
  return (
    <section className="space-y-6">
      <Link href="/admin/users" className="text-sm text-primary hover:underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-bold break-all" data-testid="admin-user-email">
        {user.email}
      </h1>

      <Card className="space-y-4">
        <CardTitle>{t("profile")}</CardTitle>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-muted-foreground">{t("id")}</dt>
          <dd className="font-mono text-xs">{user.id}</dd>
          <dt className="text-muted-foreground">{t("role")}</dt>
          <dd>
            <RoleBadge role={user.role} label={ta(`roles.${user.role}`)} />
          </dd>
          <dt className="text-muted-foreground">{t("status")}</dt>
          <dd>
            <StatusBadge status={user.status} label={ta(`statuses.${user.status}`)} />
          </dd>
          <dt className="text-muted-foreground">{t("language")}</dt>
          <dd>{tc(user.locale)}</dd>
          <dt className="text-muted-foreground">{t("created")}</dt>
          <dd>{when(user.createdAt)}</dd>
          <dt className="text-muted-foreground">{t("verified")}</dt>
          <dd>{when(user.emailVerifiedAt, t("notVerified"))}</dd>
          <dt className="text-muted-foreground">{t("lastLogin")}</dt>
          <dd>{when(user.lastLoginAt)}</dd>
        </dl>
      </Card>

      <Card className="space-y-4">
        <CardTitle>{t("actions")}</CardTitle>
        {user.id === admin.id ? (
          <Alert tone="info">{t("yourself")}</Alert>
        ) : (
          <UserActions id={user.id} email={user.email} status={user.status} role={user.role} />
        )}
      </Card>

      <AdminUserBilling userId={user.id} rentals={rentals} orders={orders.items} history={history.items} />

      <Card className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>{t("audit")}</CardTitle>
          <Link className="text-sm text-primary hover:underline" href={`/admin/audit?target=${encodeURIComponent(`user:${user.id}`)}`}>
            {t("auditAll")}
          </Link>
        </div>
        {audit.items.length === 0 ? (
          <EmptyState title={t("auditEmpty")} />
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>{t("auditTime")}</Th>
                <Th>{t("auditAction")}</Th>
                <Th>{t("auditActor")}</Th>
              </Tr>
            </THead>
            <TBody>
              {audit.items.map((a) => (
                <Tr key={a.id}>
                  <Td className="whitespace-nowrap">{when(a.at)}</Td>
                  <Td className="font-mono text-xs">{a.action}</Td>
                  <Td>{a.actorEmail ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { RoleBadge, StatusBadge } from "@/components/admin/user-badges";
import { AdminUserBilling } from "@/components/billing/admin-user-billing";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getUserForAdmin } from "@/lib/accounts/admin-users";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listUserOrders } from "@/lib/billing/orders";
import { listRentalInfo } from "@/lib/rentals/rental-info";
import { isAppError } from "@/lib/errors";
import { listUserHistory } from "@/lib/history/read-history";
import type { AppLocale } from "@/lib/i18n/config";
import { queryAuditLog } from "@/lib/logs/audit-log";
import { listUserNotes } from "@/lib/accounts/user-notes";
import { listPlans } from "@/lib/billing/plans";
import { formatDate } from "@/lib/i18n/date-format";
import { localizedName } from "@/lib/i18n/localized";
import { listRegionOptions } from "@/lib/regions/regions";
import { bytesToGb } from "@/lib/units";
import { GrantForm } from "./grant-form";
import { MailActions } from "./mail-actions";
import { NoteForm } from "./note-form";
import { RentalTools } from "./rental-tools";
import { TotpReset } from "./totp-reset";
import { viewAuditEntries } from "@/lib/logs/audit-view";
import { AuditEntries } from "@/components/admin/audit-entries";
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
  const timeZone = await getTimeZone();
  const [audit, rentals, orders, history, notes, plans, regions, t, ta, tc, to, tb, format] = await Promise.all([
    queryAuditLog(db, admin, { target: `user:${id}`, limit: 10 }).then((p) => viewAuditEntries(db, admin, p.items, locale)),
    listRentalInfo(db, admin, id),
    listUserOrders(db, admin, id, { limit: 10 }),
    listUserHistory(db, admin, id, { limit: 20 }, locale, timeZone),
    listUserNotes(db, admin, id, { limit: 20 }),
    listPlans(db, admin),
    listRegionOptions(db),
    getTranslations("adminUsers.detail"),
    getTranslations("accounts"),
    getTranslations("common.language"),
    getTranslations("operator"),
    getTranslations("billing"),
    getFormatter(),
  ]);
  const when = (d: Date | null, fallback = t("never")) => (d ? <DateTime value={d} /> : fallback);
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
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] [&_dd]:wrap-anywhere">
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
          <dt className="text-muted-foreground">{to("totp.label")}</dt>
          <dd data-testid="admin-user-totp">{to(user.twoFactor ? "totp.on" : "totp.off")}</dd>
        </dl>
      </Card>

      <Card className="space-y-4">
        <CardTitle>{t("actions")}</CardTitle>
        {user.id === admin.id ? (
          <Alert tone="info">{t("yourself")}</Alert>
        ) : (
          <div className="space-y-4">
            <UserActions id={user.id} email={user.email} status={user.status} role={user.role} />
            <div className="space-y-2 border-t border-border pt-4">
              <h3 className="text-sm font-medium">{to("mail.title")}</h3>
              <MailActions id={user.id} email={user.email} status={user.status} />
            </div>
            {user.twoFactor && (
              <div className="space-y-2 border-t border-border pt-4">
                <h3 className="text-sm font-medium">{to("totp.label")}</h3>
                <TotpReset id={user.id} email={user.email} />
              </div>
            )}
          </div>
        )}
      </Card>

      <Card className="space-y-4" id="rental-tools">
        <div className="space-y-1">
          <CardTitle>{to("rentals.title")}</CardTitle>
          <p className="text-sm text-muted-foreground">{to("rentals.lead")}</p>
        </div>
        {rentals.length > 0 && (
          <RentalTools
            rentals={rentals.map((r) => ({
              id: r.id,
              plan: localizedName(locale, { nameEn: r.planNameEn, nameZh: r.planNameZh }),
              status: r.status,
              statusLabel: tb(`status.${r.status}`),
              expiresDay: r.expiresAt.toISOString().slice(0, 10),
              expiresText: to("rentals.expiresOn", { date: formatDate(r.expiresAt, { locale, timeZone }) }),
              trafficText: to("rentals.trafficValue", {
                used: format.number(bytesToGb(r.trafficUsedBytes)),
                quota: format.number(bytesToGb(r.trafficQuotaBytes)),
              }),
              quotaGb: bytesToGb(r.trafficQuotaBytes),
            }))}
          />
        )}
        <div className="space-y-3 border-t border-border pt-4">
          <h3 className="font-medium">{to("grant.title")}</h3>
          <GrantForm
            userId={user.id}
            plans={plans.filter((p) => !p.archivedAt).map((p) => ({ id: p.id, name: localizedName(locale, p) }))}
            regions={regions.map((r) => ({ id: r.code, name: localizedName(locale, r) }))}
          />
        </div>
      </Card>

      <Card className="space-y-4" id="notes" data-testid="admin-user-notes">
        <div className="space-y-1">
          <CardTitle>{to("notes.title")}</CardTitle>
          <p className="text-sm text-muted-foreground">{to("notes.lead")}</p>
        </div>
        {notes.items.length === 0 ? (
          <EmptyState title={to("notes.empty")} />
        ) : (
          <ul className="space-y-3">
            {notes.items.map((n) => (
              <li key={n.id} className="rounded-md border border-border p-3" data-testid="user-note">
                <p className="whitespace-pre-wrap break-words text-sm">{n.body}</p>
                <p className="mt-2 text-xs text-muted-foreground">{to("notes.by", { author: n.authorEmail, date: formatDate(n.createdAt, { locale, timeZone }) })}</p>
              </li>
            ))}
          </ul>
        )}
        <NoteForm userId={user.id} />
      </Card>

      <AdminUserBilling userId={user.id} rentals={rentals} orders={orders.items} history={history.items} />

      <Card className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>{t("audit")}</CardTitle>
          <Link className="text-sm text-primary hover:underline" href={`/admin/audit?target=${encodeURIComponent(`user:${user.id}`)}`}>
            {t("auditAll")}
          </Link>
        </div>
        {audit.length === 0 ? <EmptyState title={t("auditEmpty")} /> : <AuditEntries entries={audit} details={false} />}
      </Card>
    </section>
  );
}

import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { Alert } from "@/components/ui/alert";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { auditLogFilter, queryAuditLog } from "@/lib/logs/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { AuditEntries } from "@/components/admin/audit-entries";
import type { AppLocale } from "@/lib/i18n/config";
import { viewAuditEntries } from "@/lib/logs/audit-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminLogs.audit"))("title") };
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/audit");
  const { filter, raw, invalid } = parsePageFilter(auditLogFilter, await searchParams);
  const db = await getDb();
  const [page, t, tc, locale] = await Promise.all([
    queryAuditLog(db, admin, filter),
    getTranslations("adminLogs"),
    getTranslations("common.common"),
    getLocale(),
  ]);
  const entries = await viewAuditEntries(db, admin, page.items, locale as AppLocale);
  return (
    <section className="space-y-6">
      <PageHeader title={t("audit.title")} lead={t("audit.lead")} />
      <FilterBar action="/admin/audit" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")}>
        <FilterField id="actor" label={t("audit.actor")}>
          <Input id="actor" name="actor" defaultValue={raw.actor} className="w-full sm:w-56" />
        </FilterField>
        <FilterField id="action" label={t("audit.action")}>
          <Input id="action" name="action" defaultValue={raw.action} className="w-full sm:w-48" placeholder="user.disabled" />
        </FilterField>
        <FilterField id="target" label={t("audit.target")}>
          <Input id="target" name="target" defaultValue={raw.target} className="w-full sm:w-56" />
        </FilterField>
        <FilterField id="from" label={t("audit.from")}>
          <Input id="from" name="from" type="date" defaultValue={raw.from} />
        </FilterField>
        <FilterField id="to" label={t("audit.to")}>
          <Input id="to" name="to" type="date" defaultValue={raw.to} />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("filters.invalid")}</Alert>}
      {page.items.length === 0 ? <EmptyState title={t("audit.empty")} /> : <AuditEntries entries={entries} />}
      <CursorPager basePath="/admin/audit" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { Alert } from "@/components/ui/alert";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { auditLogFilter, queryAuditLog } from "@/lib/logs/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { JsonSummary } from "@/components/admin/json-summary";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminLogs.audit"))("title") };
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/audit");
  const { filter, raw, invalid } = parsePageFilter(auditLogFilter, await searchParams);
  const [page, t, tc, format] = await Promise.all([
    queryAuditLog(await getDb(), admin, filter),
    getTranslations("adminLogs"),
    getTranslations("common.common"),
    getFormatter(),
  ]);
  return (
    <section className="space-y-6">
      <PageHeader title={t("audit.title")} lead={t("audit.lead")} />
      <FilterBar action="/admin/audit" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")}>
        <FilterField id="actor" label={t("audit.actor")}>
          <Input id="actor" name="actor" defaultValue={raw.actor} className="w-56" />
        </FilterField>
        <FilterField id="action" label={t("audit.action")}>
          <Input id="action" name="action" defaultValue={raw.action} className="w-48" placeholder="user.disabled" />
        </FilterField>
        <FilterField id="target" label={t("audit.target")}>
          <Input id="target" name="target" defaultValue={raw.target} className="w-56" />
        </FilterField>
        <FilterField id="from" label={t("audit.from")}>
          <Input id="from" name="from" type="date" defaultValue={raw.from} />
        </FilterField>
        <FilterField id="to" label={t("audit.to")}>
          <Input id="to" name="to" type="date" defaultValue={raw.to} />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("filters.invalid")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyState title={t("audit.empty")} />
      ) : (
        <Table>
          <THead>
            <Tr>
              <Th>{t("audit.time")}</Th>
              <Th>{t("audit.actorColumn")}</Th>
              <Th>{t("audit.action")}</Th>
              <Th>{t("audit.targetColumn")}</Th>
              <Th>{t("audit.ip")}</Th>
              <Th>{t("audit.details")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((row) => (
              <Tr key={row.id}>
                <Td className="whitespace-nowrap">{format.dateTime(row.at, { dateStyle: "short", timeStyle: "medium" })}</Td>
                <Td>{row.actorEmail ?? <span className="text-muted-foreground">{t("audit.system")}</span>}</Td>
                <Td className="font-mono text-xs">{row.action}</Td>
                <Td className="font-mono text-xs">{row.targetType ? `${row.targetType}:${row.targetId}` : "—"}</Td>
                <Td className="font-mono text-xs">{row.ip ?? "—"}</Td>
                <Td className="max-w-sm">
                  <JsonSummary value={row.details} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/audit" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

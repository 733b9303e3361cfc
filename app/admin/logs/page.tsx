import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { logLevel } from "@/db/schema";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { Badge } from "@/components/ui/badge";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { listSystemLogSources, querySystemLog, systemLogFilter } from "@/lib/logs/system-log";
import { PageHeader } from "@/components/ui/page-header";
import { JsonSummary } from "@/components/admin/json-summary";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminLogs.system"))("title") };
}

const levelTone = { debug: "neutral", info: "info", warn: "warning", error: "danger" } as const;

export default async function SystemLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/logs");
  const { filter, raw, invalid } = parsePageFilter(systemLogFilter, await searchParams);
  const db = await getDb();
  const [page, sources, t, tc] = await Promise.all([
    querySystemLog(db, admin, filter),
    listSystemLogSources(db, admin),
    getTranslations("adminLogs"),
    getTranslations("common.common"),
  ]);
  return (
    <section className="space-y-6">
      <PageHeader title={t("system.title")} lead={t("system.lead")} />
      <FilterBar action="/admin/logs" applyLabel={t("filters.apply")} clearLabel={t("filters.clear")}>
        <FilterField id="level" label={t("system.level")}>
          <Select id="level" name="level" defaultValue={raw.level ?? ""}>
            <option value="">{t("filters.any")}</option>
            {logLevel.enumValues.map((l) => (
              <option key={l} value={l}>
                {t(`levels.${l}`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="source" label={t("system.source")}>
          <Select id="source" name="source" defaultValue={raw.source ?? ""}>
            <option value="">{t("filters.any")}</option>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="from" label={t("system.from")}>
          <Input id="from" name="from" type="date" defaultValue={raw.from} />
        </FilterField>
        <FilterField id="to" label={t("system.to")}>
          <Input id="to" name="to" type="date" defaultValue={raw.to} />
        </FilterField>
        <FilterField id="q" label={t("system.q")}>
          <Input id="q" name="q" type="search" defaultValue={raw.q} className="w-56" />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("filters.invalid")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyState title={t("system.empty")} />
      ) : (
        <Table>
          <THead>
            <Tr>
              <Th>{t("system.time")}</Th>
              <Th>{t("system.level")}</Th>
              <Th>{t("system.source")}</Th>
              <Th>{t("system.message")}</Th>
              <Th>{t("system.context")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((row) => (
              <Tr key={row.id}>
                <Td>
                  <DateTime value={row.at} />
                </Td>
                <Td>
                  <Badge tone={levelTone[row.level]}>{t(`levels.${row.level}`)}</Badge>
                </Td>
                <Td className="font-mono text-xs">{row.source}</Td>
                <Td>{row.message}</Td>
                <Td className="max-w-md">
                  <JsonSummary value={row.context} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/logs" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

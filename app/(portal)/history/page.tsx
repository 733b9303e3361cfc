import type { Metadata } from "next";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { HistoryTable } from "@/components/billing/history-table";
import { CursorPager } from "@/components/ui/cursor-pager";
import { requireUserPage } from "@/lib/auth/page-guards";
import type { AppLocale } from "@/lib/i18n/config";
import { historyQuery, listUserHistory } from "@/lib/history/read-history";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("history"))("title") };
}

export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUserPage("/history");
  const { filter, raw } = parsePageFilter(historyQuery, await searchParams);
  const locale = (await getLocale()) as AppLocale;
  const [page, t, tc] = await Promise.all([
    listUserHistory(await getDb(), user, user.id, filter, locale, await getTimeZone()),
    getTranslations("history"),
    getTranslations("common.common"),
  ]);
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <HistoryTable items={page.items} />
      <CursorPager basePath="/history" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

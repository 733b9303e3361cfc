import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Card, CardTitle } from "@/components/ui/card";
import { DateTime } from "@/components/ui/date-time";
import { LongText } from "@/components/ui/long-text";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { listPlans } from "@/lib/billing/plans";
import { batchListQuery, listSerialBatches } from "@/lib/billing/serial-batches";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { GenerateForm } from "./generate-form";
import { PageHeader } from "@/components/ui/page-header";
import { SerialSearchBox } from "@/components/billing/serial-search-box";
import { inLocale, localizedName } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  // The generate form shows a new batch's codes on this page.
  return { title: (await getTranslations("billing.serials"))("title"), referrer: "no-referrer" };
}

export default async function SerialsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/serials");
  const { filter, raw } = parsePageFilter(batchListQuery, await searchParams);
  const db = await getDb();
  const [page, plans, t, tc, format, locale] = await Promise.all([
    listSerialBatches(db, admin, filter),
    listPlans(db, admin),
    getTranslations("billing.serials"),
    getTranslations("common.common"),
    getFormatter(),
    getLocale(),
  ]);
  const choices = plans
    .filter((p) => p.active && !p.archivedAt)
    .map((p) => ({ id: p.id, name: localizedName(locale, p), price: formatMoney(p.priceMinor, p.currency, locale) }));
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <SerialSearchBox />
      <Card className="space-y-4">
        <CardTitle>{t("generate")}</CardTitle>
        <GenerateForm plans={choices} />
      </Card>
      <h2 className="text-lg font-semibold">{t("batches")}</h2>
      {page.items.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <Table stack data-testid="batches-table">
          <THead>
            <Tr>
              <Th>{t("created")}</Th>
              <Th>{t("plan")}</Th>
              <Th className="text-right">{t("codes")}</Th>
              <Th className="text-right">{t("unused")}</Th>
              <Th className="text-right">{t("redeemed")}</Th>
              <Th className="text-right">{t("revoked")}</Th>
              <Th className="text-right">{t("price")}</Th>
              <Th>{t("channel")}</Th>
              <Th>{t("redeemBy")}</Th>
            </Tr>
          </THead>
          <TBody>
            {page.items.map((b) => (
              <Tr key={b.id}>
                <Td className="whitespace-nowrap" data-label={t("created")}>
                  <Link href={`/admin/serials/${b.id}`} className="font-medium text-primary hover:underline">
                    <DateTime value={b.createdAt} />
                  </Link>
                </Td>
                <Td data-label={t("plan")}>{inLocale(locale, b.planNameEn, b.planNameZh)}</Td>
                <Td className="text-right tabular-nums" data-label={t("codes")}>
                  {format.number(b.count)}
                </Td>
                <Td className="text-right tabular-nums" data-label={t("unused")}>
                  {format.number(b.counts.unused)}
                </Td>
                <Td className="text-right tabular-nums" data-label={t("redeemed")}>
                  {format.number(b.counts.redeemed)}
                </Td>
                <Td className="text-right tabular-nums" data-label={t("revoked")}>
                  {format.number(b.counts.revoked)}
                </Td>
                <Td className="text-right tabular-nums" data-label={t("price")}>
                  {formatMoney(b.priceMinor, b.currency, locale)}
                </Td>
                <Td data-label={t("channel")}>{b.channel ? <LongText text={b.channel} /> : t("noChannel")}</Td>
                <Td data-label={t("redeemBy")}>{b.redeemBy ? <DateTime value={b.redeemBy} mode="day" /> : t("never")}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager basePath="/admin/serials" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

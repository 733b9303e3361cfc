import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { CodeStatusBadge } from "@/components/billing/code-status-badge";
import { SerialSearchBox } from "@/components/billing/serial-search-box";
import { Alert } from "@/components/ui/alert";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { searchSerialCodes, serialSearchQuery, type SerialSearchHit } from "@/lib/billing/serial-search";
import { isAppError } from "@/lib/errors";
import { flattenSearchParams, type SearchParams } from "@/lib/http/search-params";
import type { AppLocale } from "@/lib/i18n/config";
import { localizedName } from "@/lib/i18n/localized";
import { translateError } from "@/lib/i18n/messages";
import type { Page } from "@/lib/http/paging";
import { readAsSchemaTypes } from "@/lib/validation-text";

export async function generateMetadata(): Promise<Metadata> {
  // A whole code may be in the address: do not send it on as a referrer.
  return { title: (await getTranslations("operator.search"))("title"), referrer: "no-referrer" };
}

export default async function SerialSearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/serials/search");
  const raw = flattenSearchParams(await searchParams);
  const locale = (await getLocale()) as AppLocale;
  const [t, tb, tc] = await Promise.all([
    getTranslations("operator.search"),
    getTranslations("billing"),
    getTranslations("common.common"),
  ]);
  let result: Page<SerialSearchHit> | null = null;
  let problem: string | null = null;
  const parsed = serialSearchQuery.safeParse(readAsSchemaTypes(serialSearchQuery, raw));
  if (raw.q && parsed.success) {
    try {
      result = await searchSerialCodes(await getDb(), admin, parsed.data);
    } catch (e) {
      if (!isAppError(e) || e.status !== 400) throw e;
      const field = e.fieldErrors?.q?.[0];
      problem = translateError(locale, typeof field === "string" ? field : e.code);
    }
  } else if (raw.q) {
    problem = translateError(locale, "serial_search_format");
  }
  const when = (d: Date | null) => (d ? <DateTime value={d} /> : "—");

  return (
    <section className="space-y-6">
      <Link href="/admin/serials" className="text-sm text-primary hover:underline">
        ← {tb("serials.back")}
      </Link>
      <PageHeader title={t("title")} lead={t("lead")} />
      <SerialSearchBox value={raw.q ?? ""} autoFocus={!raw.q} />
      {problem && <Alert data-testid="serial-search-error">{problem}</Alert>}
      {result && result.items.length === 0 && <EmptyState title={t("empty")} />}
      {result && result.items.length > 0 && (
        <Table data-testid="serial-search-results">
          <THead>
            <Tr>
              <Th>{t("code")}</Th>
              <Th>{t("status")}</Th>
              <Th>{t("plan")}</Th>
              <Th>{t("batch")}</Th>
              <Th>{t("redeemedBy")}</Th>
              <Th>{t("order")}</Th>
            </Tr>
          </THead>
          <TBody>
            {result.items.map((hit) => (
              <Tr key={hit.id} data-testid="serial-search-hit">
                <Td className="whitespace-nowrap font-mono text-xs">{hit.masked}</Td>
                <Td>
                  <CodeStatusBadge status={hit.status} label={tb(`codeStatus.${hit.status}`)} />
                  {hit.revokedAt && <p className="mt-1 text-xs text-muted-foreground">{when(hit.revokedAt)}</p>}
                </Td>
                <Td>
                  <Link href={`/admin/plans/${hit.planId}`} className="text-primary hover:underline">
                    {localizedName(locale, { nameEn: hit.planNameEn, nameZh: hit.planNameZh })}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap">
                  <Link href={`/admin/serials/${hit.batchId}`} className="text-primary hover:underline">
                    <DateTime value={hit.batchCreatedAt} mode="date" />
                  </Link>
                  {hit.channel && <p className="text-xs text-muted-foreground">{hit.channel}</p>}
                </Td>
                <Td>
                  {hit.redeemedBy ? (
                    <>
                      <Link href={`/admin/users/${hit.redeemedBy}`} className="break-all text-primary hover:underline" data-testid="serial-search-redeemer">
                        {hit.redeemedByEmail ?? hit.redeemedBy}
                      </Link>
                      <p className="text-xs text-muted-foreground">{when(hit.redeemedAt)}</p>
                    </>
                  ) : (
                    <span className="text-muted-foreground">{t("notRedeemed")}</span>
                  )}
                </Td>
                <Td className="whitespace-nowrap">
                  {hit.orderId !== null && hit.redeemedBy ? (
                    <Link href={`/admin/orders?userId=${hit.redeemedBy}`} className="text-primary hover:underline">
                      #{hit.orderId}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {result && <CursorPager basePath="/admin/serials/search" params={raw} nextCursor={result.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />}
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { serialCodeStatus } from "@/db/schema";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { CodeStatusBadge } from "@/components/billing/code-status-badge";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { STACK_BLOCK, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { formatMoney } from "@/lib/billing/money";
import { getSerialBatch } from "@/lib/billing/serial-batches";
import { batchCodesQuery, listBatchCodes } from "@/lib/billing/serial-codes";
import { isAppError } from "@/lib/errors";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { RevokeCodeButton, RevokeUnusedButton } from "./code-actions";
import { inLocale } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing.serials"))("title") };
}

export default async function BatchPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const admin = await requireAdminPage(`/admin/serials/${id}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await getDb();
  const batch = await getSerialBatch(db, admin, id).catch((e: unknown) => {
    if (isAppError(e) && e.status === 404) notFound();
    throw e;
  });
  const { filter, raw, invalid } = parsePageFilter(batchCodesQuery, await searchParams);
  const [codes, t, tc, format, locale] = await Promise.all([
    listBatchCodes(db, admin, id, filter),
    getTranslations("billing"),
    getTranslations("common.common"),
    getFormatter(),
    getLocale(),
  ]);
  const when = (d: Date | null) => (d ? <DateTime value={d} /> : t("serials.never"));
  const planName = inLocale(locale, batch.planNameEn, batch.planNameZh);
  const exportHref = (q: string) => `/api/admin/serials/${id}/export?${q}`;
  return (
    <section className="space-y-6">
      <Link href="/admin/serials" className="text-sm text-primary hover:underline">
        ← {t("serials.back")}
      </Link>
      <h1 className="text-2xl font-bold" data-testid="batch-title">
        {t("serials.batchTitle", { count: batch.count, plan: planName })}
      </h1>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Card className="min-w-0 space-y-3">
          {/* Long values (an operator's email, a channel) wrap inside the card instead of widening it. */}
          <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm [&_dd]:wrap-anywhere">
            <dt className="text-muted-foreground">{t("serials.plan")}</dt>
            <dd>{planName}</dd>
            <dt className="text-muted-foreground">{t("serials.price")}</dt>
            <dd>{formatMoney(batch.priceMinor, batch.currency, locale)}</dd>
            <dt className="text-muted-foreground">{t("serials.channel")}</dt>
            <dd>{batch.channel ?? t("serials.noChannel")}</dd>
            <dt className="text-muted-foreground">{t("serials.note")}</dt>
            <dd>{batch.note ?? "—"}</dd>
            <dt className="text-muted-foreground">{t("serials.redeemBy")}</dt>
            <dd>{batch.redeemBy ? <DateTime value={batch.redeemBy} mode="day" /> : t("serials.never")}</dd>
            <dt className="text-muted-foreground">{t("serials.created")}</dt>
            <dd>{when(batch.createdAt)}</dd>
            <dt className="text-muted-foreground">{t("serials.createdBy")}</dt>
            <dd>{batch.createdByEmail ?? "—"}</dd>
          </dl>
        </Card>
        <Card className="min-w-0 space-y-4">
          <dl className="grid grid-cols-3 gap-2 text-center" data-testid="batch-counts">
            {serialCodeStatus.enumValues.map((s) => (
              <div key={s} className="rounded-md bg-muted p-3">
                <dt className="text-xs text-muted-foreground">{t(`codeStatus.${s}`)}</dt>
                <dd className="text-xl font-semibold tabular-nums" data-testid={`count-${s}`}>
                  {format.number(batch.counts[s])}
                </dd>
              </div>
            ))}
          </dl>
          <div className="space-y-2">
            <CardTitle className="text-base">{t("serials.export")}</CardTitle>
            <div className="flex flex-wrap gap-2">
              <a href={exportHref("format=csv")} className={buttonVariants({ variant: "outline", size: "sm" })} data-testid="export-csv" download>
                {t("serials.exportCsv")}
              </a>
              <a href={exportHref("format=txt")} className={buttonVariants({ variant: "outline", size: "sm" })} data-testid="export-txt" download>
                {t("serials.exportTxt")}
              </a>
              <a href={exportHref("format=txt&status=unused")} className={buttonVariants({ variant: "outline", size: "sm" })} download>
                {t("serials.exportUnused")}
              </a>
            </div>
            <p className="text-xs text-muted-foreground">{t("serials.exportNote")}</p>
          </div>
          <RevokeUnusedButton batchId={id} unused={batch.counts.unused} />
        </Card>
      </div>

      <FilterBar action={`/admin/serials/${id}`} applyLabel={t("serials.apply")} clearLabel={t("serials.clear")}>
        <FilterField id="status" label={t("serials.filterStatus")}>
          <Select id="status" name="status" defaultValue={raw.status ?? ""}>
            <option value="">{t("serials.any")}</option>
            {serialCodeStatus.enumValues.map((s) => (
              <option key={s} value={s}>
                {t(`codeStatus.${s}`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="code" label={t("serials.findCode")}>
          <Input id="code" name="code" defaultValue={raw.code} className="w-72 font-mono" autoComplete="off" />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{t("adminOrders.badFilter")}</Alert>}
      {codes.items.length === 0 ? (
        <EmptyState title={t("serials.noCodes")} />
      ) : (
        <Table stack data-testid="codes-table">
          <THead>
            <Tr>
              <Th>{t("serials.code")}</Th>
              <Th>{t("serials.status")}</Th>
              <Th>{t("serials.redeemedBy")}</Th>
              <Th>{t("serials.redeemedAt")}</Th>
              <Th>
                <span className="sr-only">{tc("actions")}</span>
              </Th>
            </Tr>
          </THead>
          <TBody>
            {codes.items.map((c) => (
              <Tr key={c.id}>
                <Td className="whitespace-nowrap font-mono text-xs" data-label={t("serials.code")}>
                  {c.masked}
                </Td>
                <Td data-label={t("serials.status")}>
                  <CodeStatusBadge status={c.status} label={t(`codeStatus.${c.status}`)} />
                </Td>
                <Td className={cn(STACK_BLOCK, "wrap-anywhere sm:whitespace-nowrap")} data-label={t("serials.redeemedBy")}>
                  {c.redeemedBy ? (
                    <Link href={`/admin/users/${c.redeemedBy}`} className="text-primary hover:underline">
                      {c.redeemedByEmail}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td data-label={t("serials.redeemedAt")}>{c.redeemedAt ? when(c.redeemedAt) : c.revokedAt ? when(c.revokedAt) : "—"}</Td>
                <Td className="text-right">
                  {c.status === "unused" && <RevokeCodeButton batchId={id} codeId={c.id} masked={c.masked} />}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <CursorPager
        basePath={`/admin/serials/${id}`}
        params={raw}
        nextCursor={codes.nextCursor}
        labels={{ newest: t("serials.firstPage"), older: tc("next") }}
      />
    </section>
  );
}

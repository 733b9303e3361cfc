import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { listOutbox, outboxFilter } from "@/lib/mail/outbox";
import { mailProviderConfigured } from "@/lib/mail/transport";
import { PageHeader } from "@/components/ui/page-header";

export async function generateMetadata(): Promise<Metadata> {
  // The mails carry codes: the page's address must not travel to other sites.
  return { title: (await getTranslations("mail.outbox"))("title"), referrer: "no-referrer" };
}

export default async function MailOutboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const admin = await requireAdminPage("/admin/mail");
  const { filter, raw, invalid } = parsePageFilter(outboxFilter, await searchParams);
  const [page, t, tf, tc, tl] = await Promise.all([
    listOutbox(await getDb(), admin, filter),
    getTranslations("mail.outbox"),
    getTranslations("adminLogs.filters"),
    getTranslations("common.common"),
    getTranslations("common.language"),
  ]);
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={mailProviderConfigured() ? t("providerActive") : t("lead")} />
      <FilterBar action="/admin/mail" applyLabel={tf("apply")} clearLabel={tf("clear")}>
        <FilterField id="to" label={t("filterTo")}>
          <Input id="to" name="to" type="search" defaultValue={raw.to} className="w-72" />
        </FilterField>
      </FilterBar>
      {invalid && <Alert tone="info">{tf("invalid")}</Alert>}
      {page.items.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <ul className="space-y-3" data-testid="outbox">
          {page.items.map((mail) => (
            <li key={mail.id}>
              <Card className="space-y-2 p-4" data-testid="outbox-mail" data-to={mail.to} data-template={mail.template}>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{mail.subject}</span>
                  <Badge>{mail.template}</Badge>
                  <Badge tone="info">{tl(mail.locale)}</Badge>
                </div>
                <div className="text-xs text-muted-foreground">
                  {t("to")}: <span className="font-mono">{mail.to}</span> · <DateTime value={mail.createdAt} />
                </div>
                <details>
                  <summary className="cursor-pointer text-sm text-primary">{t("showText")}</summary>
                  <pre className="mt-2 whitespace-pre-wrap rounded bg-muted p-3 text-xs" data-testid="outbox-text">
                    {mail.text}
                  </pre>
                </details>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <CursorPager basePath="/admin/mail" params={raw} nextCursor={page.nextCursor} labels={{ newest: tc("newer"), older: tc("older") }} />
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getDb } from "@/db/client";
import { FilterBar, FilterField } from "@/components/admin/filter-bar";
import { AccessLogTable } from "@/components/derp-map/access-log-table";
import { DbIpCredit } from "@/components/derp-map/db-ip-credit";
import { FormatCard } from "@/components/derp-map/format-card";
import { VersionList } from "@/components/derp-map/version-list";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { CursorPager } from "@/components/ui/cursor-pager";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { requireUserPage } from "@/lib/auth/page-guards";
import { accessLogQuery, listDerpMapAccess } from "@/lib/derp-map/access-log";
import { getDerpMapVersion, listDerpMapVersions, showDerpMap } from "@/lib/derp-map/customer-map";
import { highlightDerpMap } from "@/lib/derp-map/highlight";
import { currentLink } from "@/lib/derp-map/links";
import { DERP_MAP_FORMATS } from "@/lib/derp-map/types";
import { diffDerpMapVersions } from "@/lib/derp-map/version-diff";
import { parsePageFilter, type SearchParams } from "@/lib/http/search-params";
import { LinkSection } from "./link-section";
import { MapControls } from "./map-controls";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  // The page shows a new direct link once: its address must not leak to other sites.
  return { title: (await getTranslations("derpMap"))("title"), referrer: "no-referrer" };
}

const compareQuery = z.object({ from: z.coerce.number().int().min(1).optional(), to: z.coerce.number().int().min(1).optional() });

export default async function AclPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUserPage("/acl");
  const db = await getDb();
  const params = await searchParams;
  const log = parsePageFilter(accessLogQuery, params);
  const compare = compareQuery.safeParse({ from: params.from, to: params.to });
  // First: it makes the first version when there is none, which the list below then shows.
  const view = await showDerpMap(db, user, user.id);
  const [versions, link, page, t] = await Promise.all([
    listDerpMapVersions(db, user, user.id),
    currentLink(db, user, user.id),
    listDerpMapAccess(db, user, user.id, log.filter),
    getTranslations("derpMap"),
  ]);
  const regions = Object.keys((view.map.Regions as Record<string, unknown>) ?? {}).length;
  const diff = await versionDiff(compare.success ? compare.data : {});

  async function versionDiff({ from, to }: z.infer<typeof compareQuery>) {
    // Only numbers that exist: a hand-edited URL shows no comparison rather than an error page.
    if (!from || !to || !versions.some((v) => v.version === from) || !versions.some((v) => v.version === to)) return null;
    const [a, b] = await Promise.all([getDerpMapVersion(db, user, user.id, from), getDerpMapVersion(db, user, user.id, to)]);
    return { from, to, lines: diffDerpMapVersions(a, b) };
  }

  if (regions === 0 && versions.length <= 1) {
    return (
      <section className="space-y-6">
        <PageHeader title={t("title")} lead={t("lead")} />
        <EmptyState
          title={t("empty.title")}
          description={t("empty.description")}
          action={
            <Link href="/activate" className={buttonVariants({ size: "sm" })}>
              {t("empty.action")}
            </Link>
          }
        />
      </section>
    );
  }

  const downloadBase = `/api/acl/download/${encodeURIComponent(user.email)}`;
  const labels = { copy: t("copy"), copied: t("copied"), copyFailed: t("copyFailed"), download: t("download") };
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <p className="text-sm text-muted-foreground" data-testid="map-version">
        {t.rich("current", { version: view.version, at: () => <DateTime value={view.createdAt} /> })} · {t("regions", { count: regions })}
      </p>
      <MapControls omit={Boolean(view.map.OmitDefaultRegions)} />

      {DERP_MAP_FORMATS.map((format) => (
        <FormatCard
          key={format}
          format={format}
          title={t(`formats.${format}`)}
          hint={t(`formatHints.${format}`)}
          body={view.formats[format]}
          html={highlightDerpMap(view.formats[format], format)}
          downloadHref={`${downloadBase}?format=${format}`}
          labels={labels}
        />
      ))}

      <Card className="space-y-2 text-sm">
        <CardTitle>{t("howto.title")}</CardTitle>
        <p>{t("howto.tailscale")}</p>
        <p>{t("howto.headscale")}</p>
        <p className="text-muted-foreground">{t("howto.headscaleExample")}</p>
        <pre className="overflow-auto rounded-md bg-muted p-3 text-xs">
          {"derp:\n  urls:\n    - https://controlplane.tailscale.com/derpmap/default  # remove to use only your relays\n    - <direct link>?format=json\n  auto_update_enabled: true\n  update_frequency: 1h"}
        </pre>
      </Card>

      <Card className="space-y-3">
        <CardTitle>{t("link.title")}</CardTitle>
        <LinkSection link={link} />
      </Card>

      <Card className="space-y-3">
        <CardTitle>{t("versions.title")}</CardTitle>
        <VersionList versions={versions} diff={diff} />
      </Card>

      <Card className="space-y-3">
        <CardTitle>{t("log.title")}</CardTitle>
        <p className="text-sm text-muted-foreground">{t("log.lead")}</p>
        {log.invalid && <Alert tone="info">{t("log.invalid")}</Alert>}
        <FilterBar action="/acl" applyLabel={t("log.apply")} clearLabel={t("log.clear")}>
          <FilterField id="log-channel" label={t("log.via")}>
            <Select id="log-channel" name="channel" defaultValue={log.raw.channel ?? ""}>
              <option value="">{t("log.any")}</option>
              {(["portal", "link", "api"] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`log.channels.${c}`)}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField id="log-format" label={t("log.format")}>
            <Select id="log-format" name="format" defaultValue={log.raw.format ?? ""}>
              <option value="">{t("log.any")}</option>
              {DERP_MAP_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </Select>
          </FilterField>
          <FilterField id="log-country" label={t("log.country")}>
            <Input id="log-country" name="country" maxLength={2} className="w-20" defaultValue={log.raw.country ?? ""} />
          </FilterField>
        </FilterBar>
        <AccessLogTable items={page.items} />
        <CursorPager basePath="/acl" params={log.raw} nextCursor={page.nextCursor} labels={{ newest: t("log.newer"), older: t("log.older") }} />
        <DbIpCredit label={t("log.credit")} />
      </Card>
    </section>
  );
}

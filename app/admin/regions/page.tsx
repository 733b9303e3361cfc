import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { countryName } from "@/lib/regions/country";
import { listRegions } from "@/lib/regions/regions";
import { RegionActions } from "./region-actions";
import { RegionForm } from "./region-form";
import { localizedName, otherLocaleName } from "@/lib/i18n/localized";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("regions"))("title") };
}

export default async function RegionsPage() {
  const admin = await requireAdminPage("/admin/regions");
  const [regions, t, format, locale] = await Promise.all([listRegions(await getDb(), admin), getTranslations("regions"), getFormatter(), getLocale()]);
  const coordinate = (n: number) => format.number(n, { maximumFractionDigits: 4 });
  return (
    <section className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      {regions.length === 0 ? (
        <EmptyState title={t("empty")} description={t("emptyBody")} />
      ) : (
        <Table data-testid="regions-table">
          <THead>
            <Tr>
              <Th>{t("code")}</Th>
              <Th>{t("name")}</Th>
              <Th>{t("country")}</Th>
              <Th>{t("coordinates")}</Th>
              <Th className="text-right">{t("sortOrder")}</Th>
              <Th className="text-right">{t("rentals")}</Th>
              <Th className="text-right">{t("servers")}</Th>
              <Th>{t("state")}</Th>
              <Th>{t("actions")}</Th>
            </Tr>
          </THead>
          <TBody>
            {regions.map((r) => (
              <Tr key={r.id} data-testid="region-row" data-code={r.code}>
                <Td>
                  <Link href={`/admin/regions/${r.id}`} className="font-mono font-medium text-primary hover:underline" aria-label={t("editLink", { code: r.code })}>
                    {r.code}
                  </Link>
                </Td>
                <Td>
                  <div>{localizedName(locale, r)}</div>
                  <div className="text-xs text-muted-foreground">{otherLocaleName(locale, r)}</div>
                </Td>
                <Td>{r.country ? `${countryName(r.country, locale === "zh-CN" ? "zh-CN" : "en")} (${r.country})` : t("none")}</Td>
                <Td className="tabular-nums">
                  {r.latitude !== null && r.longitude !== null ? `${coordinate(r.latitude)}, ${coordinate(r.longitude)}` : t("none")}
                </Td>
                <Td className="text-right tabular-nums">{r.sortOrder}</Td>
                <Td className="text-right tabular-nums">{r.rentalCount}</Td>
                <Td className="text-right tabular-nums">{r.serverCount}</Td>
                <Td>{r.active ? <Badge tone="success">{t("stateActive")}</Badge> : <Badge tone="warning">{t("stateInactive")}</Badge>}</Td>
                <Td>
                  <RegionActions id={r.id} code={r.code} active={r.active} inUse={r.rentalCount > 0 || r.serverCount > 0} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <Card className="space-y-4">
        <CardTitle>{t("new")}</CardTitle>
        <RegionForm />
      </Card>
    </section>
  );
}

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RegionSummary } from "@/lib/fleet/servers/region-summary";
import { localizedName } from "@/lib/i18n/localized";

/** Per region: servers (by status), customers, relays, capacity and load. */
export function RegionSummaryTable({ regions }: { regions: RegionSummary[] }) {
  const t = useTranslations("fleet.regions");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <Table data-testid="region-summary">
      <THead>
        <Tr>
          <Th>{t("region")}</Th>
          <Th className="text-right">{t("servers")}</Th>
          <Th>{t("statuses")}</Th>
          <Th className="text-right">{t("customers")}</Th>
          <Th className="text-right">{t("relays")}</Th>
          <Th className="text-right">{t("capacity")}</Th>
          <Th className="text-right">{t("load")}</Th>
        </Tr>
      </THead>
      <TBody>
        {regions.map((r) => (
          <Tr key={r.region.id} data-testid="region-summary-row" data-code={r.region.code}>
            <Td>
              <span className="font-medium">{localizedName(locale, r.region)}</span>{" "}
              <span className="font-mono text-xs text-muted-foreground">{r.region.code}</span>
              {!r.region.active && (
                <Badge tone="warning" className="ml-2">
                  {t("inactive")}
                </Badge>
              )}
            </Td>
            <Td className="text-right tabular-nums">
              {r.enabledServers === r.servers ? r.servers : t("serversEnabled", { servers: r.servers, enabled: r.enabledServers })}
            </Td>
            <Td className="text-xs">
              {r.servers === 0
                ? "—"
                : (["up", "degraded", "down", "unknown"] as const)
                    .filter((s) => r.serversByStatus[s] > 0)
                    .map((s) => t(`byStatus.${s}`, { count: r.serversByStatus[s] }))
                    .join(" · ")}
            </Td>
            <Td className="text-right tabular-nums">{r.customers}</Td>
            <Td className="text-right tabular-nums">{t("relaysRunning", { relays: r.relays, running: r.relaysRunning })}</Td>
            <Td className="text-right tabular-nums">{r.capacity}</Td>
            <Td className="text-right tabular-nums">{r.capacity > 0 ? format.number(r.load, { style: "percent", maximumFractionDigits: 0 }) : "—"}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

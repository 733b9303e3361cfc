import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { AccessLogEntry } from "@/lib/derp-map/access-log";

/** The access log; a row from a country never seen before for the customer stands out. */
export function AccessLogTable({ items }: { items: AccessLogEntry[] }) {
  const t = useTranslations("derpMap.log");
  if (items.length === 0) return <EmptyState title={t("empty")} />;
  return (
    <Table data-testid="access-log">
      <THead>
        <Tr>
          <Th>{t("at")}</Th>
          <Th>{t("action")}</Th>
          <Th>{t("via")}</Th>
          <Th>{t("format")}</Th>
          <Th>{t("version")}</Th>
          <Th>{t("address")}</Th>
          <Th>{t("location")}</Th>
          <Th>{t("userAgent")}</Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((r) => (
          <Tr key={r.id} data-testid="access-row" data-channel={r.channel} data-new-country={r.newCountry || undefined} className={r.newCountry ? "bg-amber-50 dark:bg-amber-950/40" : undefined}>
            <Td>
              <DateTime value={r.at} />
            </Td>
            <Td>{t(`actions.${r.action}`)}</Td>
            <Td>{t(`channels.${r.channel}`)}</Td>
            <Td className="font-mono text-xs">{r.format ?? "-"}</Td>
            <Td>{r.version ?? "-"}</Td>
            <Td className="font-mono text-xs">{r.ip ?? "-"}</Td>
            <Td>
              {[r.city, r.region, r.country].filter(Boolean).join(", ") || "-"}
              {r.newCountry && (
                <Badge tone="warning" className="ml-2">
                  {t("newCountry")}
                </Badge>
              )}
            </Td>
            <Td className="max-w-48 truncate text-xs" title={r.userAgent ?? undefined}>
              {r.userAgent ?? "-"}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

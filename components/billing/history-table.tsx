import { getTranslations } from "next-intl/server";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { STACK_BLOCK, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { HistoryEntry } from "@/lib/history/read-history";

/** History entries (already worded in the reader's language), newest first. */
export async function HistoryTable({ items }: { items: HistoryEntry[] }) {
  const t = await getTranslations("history");
  if (items.length === 0) return <EmptyState title={t("empty")} />;
  return (
    <Table stack data-testid="history-table">
      <THead>
        <Tr>
          <Th className="w-48">{t("at")}</Th>
          <Th>{t("event")}</Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((h) => (
          <Tr key={h.id} data-type={h.type}>
            <Td className="text-muted-foreground" data-label={t("at")}>
              <DateTime value={h.at} />
            </Td>
            <Td className={STACK_BLOCK} data-label={t("event")}>
              {h.message}
              {h.actorId && <span className="ml-2 text-xs text-muted-foreground">({t("byAdmin")})</span>}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

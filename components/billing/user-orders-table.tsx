import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatMoney } from "@/lib/billing/money";
import type { UserOrder } from "@/lib/billing/orders";
import { inLocale } from "@/lib/i18n/localized";

export async function UserOrdersTable({ items }: { items: UserOrder[] }) {
  const [t, locale] = await Promise.all([getTranslations("billing"), getLocale()]);
  if (items.length === 0) return <EmptyState title={t("orders.empty")} />;
  return (
    <Table stack data-testid="orders-table">
      <THead>
        <Tr>
          <Th>{t("orders.id")}</Th>
          <Th>{t("orders.date")}</Th>
          <Th>{t("orders.plan")}</Th>
          <Th className="text-right">{t("orders.amount")}</Th>
          <Th>{t("orders.status")}</Th>
        </Tr>
      </THead>
      <TBody>
        {items.map((o) => (
          <Tr key={o.id}>
            <Td className="font-mono text-xs" data-label={t("orders.id")}>
              #{o.id}
            </Td>
            <Td data-label={t("orders.date")}>
              <DateTime value={o.paidAt} />
            </Td>
            <Td data-label={t("orders.plan")}>{inLocale(locale, o.planNameEn, o.planNameZh)}</Td>
            <Td className="text-right tabular-nums" data-testid="order-amount" data-label={t("orders.amount")}>
              {formatMoney(o.amountMinor, o.currency, locale)}
            </Td>
            <Td data-label={t("orders.status")}>
              <Badge tone={o.status === "paid" ? "success" : "neutral"}>{t(`orderStatus.${o.status}`)}</Badge>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

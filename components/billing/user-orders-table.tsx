import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatMoney } from "@/lib/billing/money";
import type { UserOrder } from "@/lib/billing/orders";
import { inLocale } from "@/lib/i18n/localized";

export async function UserOrdersTable({ items }: { items: UserOrder[] }) {
  const [t, format, locale] = await Promise.all([getTranslations("billing"), getFormatter(), getLocale()]);
  if (items.length === 0) return <EmptyState title={t("orders.empty")} />;
  return (
    <Table data-testid="orders-table">
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
            <Td className="font-mono text-xs">#{o.id}</Td>
            <Td className="whitespace-nowrap">{format.dateTime(o.paidAt, { dateStyle: "medium", timeStyle: "short" })}</Td>
            <Td>{inLocale(locale, o.planNameEn, o.planNameZh)}</Td>
            <Td className="text-right tabular-nums" data-testid="order-amount">
              {formatMoney(o.amountMinor, o.currency, locale)}
            </Td>
            <Td>
              <Badge tone={o.status === "paid" ? "success" : "neutral"}>{t(`orderStatus.${o.status}`)}</Badge>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

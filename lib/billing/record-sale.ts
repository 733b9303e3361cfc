import type { Tx } from "@/db/client";
import { orders } from "@/db/schema";
import type { ClaimedCode } from "./claim-serial-code";
import { addRevenue } from "./revenue-daily";

export interface Sale {
  userId: string;
  planId: string;
  rentalId: string;
  code: ClaimedCode;
  at: Date;
}

/** The paid order for a redeemed code and its share of the daily revenue rollup, in the caller's transaction. */
export async function recordSale(tx: Tx, sale: Sale): Promise<{ orderId: number }> {
  const { code } = sale;
  const [order] = await tx
    .insert(orders)
    .values({
      userId: sale.userId,
      planId: sale.planId,
      batchId: code.batchId,
      serialCodeId: code.id,
      rentalId: sale.rentalId,
      channel: code.channel,
      status: "paid",
      amountMinor: code.priceMinor,
      currency: code.currency,
      paidAt: sale.at,
      createdAt: sale.at,
    })
    .returning({ id: orders.id });
  await addRevenue(tx, {
    paidAt: sale.at,
    planId: sale.planId,
    channel: code.channel,
    currency: code.currency,
    amountMinor: code.priceMinor,
  });
  return { orderId: order.id };
}

"use server";

import { revalidatePath } from "next/cache";
import { allocateSoon } from "@/app/_lib/relays-soon";
import { action } from "@/lib/actions/action";
import { redeemSerial } from "@/lib/billing/redeem-serial";
import { activateInput } from "@/lib/billing/schemas";

/** The activation form; the same lib function as POST /api/serial/activate. */
export const activateAction = action({ access: "user", schema: activateInput }, async (input, ctx) => {
  const result = await redeemSerial(ctx.db, ctx.user, input, ctx.meta);
  allocateSoon(result.rental);
  revalidatePath("/");
  revalidatePath("/history");
  revalidatePath("/orders");
  return {
    extended: result.extended,
    planNameEn: result.plan.nameEn,
    planNameZh: result.plan.nameZh,
    days: result.plan.durationDays,
    expiresAt: result.rental.expiresAt,
  };
});

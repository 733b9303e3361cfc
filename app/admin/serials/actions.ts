"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { generateSerialFormInput } from "@/lib/billing/schemas";
import { generateSerialBatch } from "@/lib/billing/serial-batches";
import { revokeSerialCode, revokeUnusedCodes } from "@/lib/billing/serial-codes";

/** The generate form; the same lib function as POST /api/finance/generate_serial. Codes are returned once. */
export const generateBatchAction = action({ access: "admin", schema: generateSerialFormInput }, async (input, ctx) => {
  const { price, ...rest } = input;
  const { batch, codes } = await generateSerialBatch(ctx.db, ctx.user, { ...rest, priceText: price }, ctx.meta);
  revalidatePath("/admin/serials");
  return { batchId: batch.id, count: batch.count, codes };
});

export const revokeCodeAction = action(
  { access: "admin", schema: z.object({ batchId: z.uuid(), codeId: z.number().int().positive() }) },
  async (input, ctx) => {
    const code = await revokeSerialCode(ctx.db, ctx.user, input.batchId, input.codeId, ctx.meta);
    revalidatePath(`/admin/serials/${input.batchId}`);
    return code;
  },
);

export const revokeUnusedAction = action({ access: "admin", schema: z.object({ batchId: z.uuid() }) }, async (input, ctx) => {
  const result = await revokeUnusedCodes(ctx.db, ctx.user, input.batchId, ctx.meta);
  revalidatePath(`/admin/serials/${input.batchId}`);
  revalidatePath("/admin/serials");
  return result;
});

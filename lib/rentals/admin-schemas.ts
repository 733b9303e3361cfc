import { z } from "zod";
import { dateInput } from "@/lib/date-input";
import { regionCodeSchema } from "@/lib/regions/schemas";
import { gbToBytes } from "@/lib/units";

/**
 * Inputs of the admin's rental tools on a user's page, shared by the REST routes (JSON, bytes) and the
 * server actions (form text; traffic in GB). Every change needs a reason, which goes into the audit log.
 */
export const reasonField = z.string().trim().min(1).max(500);

const regionField = z.preprocess((v) => (v === "" ? undefined : v), regionCodeSchema.nullish());

export const grantRentalInput = z.object({
  // Empty: the generic "required"; anything else that is not a plan id: "no such plan".
  planId: z.uuid({ error: (issue) => (issue.input === undefined ? undefined : "plan_unknown") }),
  days: z.number().int().min(1).max(3650),
  /** A region's code (an active region); absent: the rental's own, or any region for a new one. */
  region: regionField,
  reason: reasonField,
});
export type GrantRentalInput = z.output<typeof grantRentalInput>;

export const rentalExpiryInput = z.object({ expiresAt: dateInput(), reason: reasonField });
export type RentalExpiryInput = z.output<typeof rentalExpiryInput>;

export interface RentalTrafficInput {
  /** Sets the traffic used so far back to zero. */
  resetUsed: boolean;
  /** The new traffic quota in bytes; absent: unchanged. */
  quotaBytes?: number;
  reason: string;
}

const needsAChange = (v: { resetUsed: boolean; quotaBytes?: number }) => v.resetUsed || v.quotaBytes !== undefined;

export const rentalTrafficInput = z
  .object({
    resetUsed: z.boolean().default(false),
    quotaBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    reason: reasonField,
  })
  .refine(needsAChange, { message: "traffic_change_required", path: ["quotaBytes"] });

/** The form: quota in GB, the reset as a checkbox (extend it with the form's ids, then `.transform(fromTrafficForm)`). */
export const rentalTrafficFormFields = z.object({
  resetUsed: z.boolean().default(false),
  quotaGb: z.number().min(0).max(1_000_000).optional(),
  reason: reasonField,
});

export function fromTrafficForm<T extends z.output<typeof rentalTrafficFormFields>>(v: T, ctx: z.RefinementCtx): Omit<T, "quotaGb"> & RentalTrafficInput {
  if (!needsAChange({ resetUsed: v.resetUsed, quotaBytes: v.quotaGb })) {
    ctx.addIssue({ code: "custom", message: "traffic_change_required", path: ["quotaGb"] });
    return z.NEVER;
  }
  const { quotaGb, ...rest } = v;
  return { ...rest, quotaBytes: quotaGb === undefined ? undefined : gbToBytes(quotaGb) };
}

export const rentalReasonInput = z.object({ reason: reasonField });

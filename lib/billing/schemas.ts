import { z } from "zod";
import { dateInput } from "@/lib/date-input";
import { regionCodeSchema } from "@/lib/regions/schemas";
import { isCurrency, parseMoney } from "./money";
import { gbToBytes, mbpsToBytesPerSec } from "@/lib/units";

/**
 * Input schemas shared by the REST routes and the server actions. They declare real types (numbers as
 * numbers): JSON bodies must send them so, and form data is read as them by lib/validation-text.ts. Messages
 * that are error codes are translated by lib/validation.ts.
 */

const MAX_PRICE_MINOR = 2_147_483_647;

export const currencySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCurrency, "currency_invalid");


const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => (s ? s : undefined));

/** A checkbox sends "on" when ticked and nothing when not: missing is false. */
const checkbox = z.boolean().default(false);

// ---------- plans ----------

export const planInput = z.object({
  nameEn: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().min(1).max(100),
  durationDays: z.number().int().min(1).max(3650),
  trafficQuotaBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  deviceLimit: z.number().int().min(1).max(10_000),
  bandwidthLimitBytesPerSec: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  /** 2: HA, two relay nodes on two servers of the region. */
  relayNodes: z.union([z.literal(1), z.literal(2)], { error: "relay_nodes_invalid" }).default(1),
  priceMinor: z.number().int().min(0, "price_negative").max(MAX_PRICE_MINOR),
  currency: currencySchema,
  active: z.boolean().default(true),
});
/** What createPlan/updatePlan take: relayNodes may be left out (1), as older callers and rows do. */
export type PlanInput = Omit<z.output<typeof planInput>, "relayNodes"> & { relayNodes?: number };

/** The admin form's fields: traffic in GB, bandwidth in Mbit/s, price as decimal text in the plan's currency. */
export const planFormFields = z.object({
  nameEn: z.string().trim().min(1).max(100),
  nameZh: z.string().trim().min(1).max(100),
  durationDays: z.number().int().min(1).max(3650),
  trafficQuotaGb: z.number().min(0).max(1_000_000),
  deviceLimit: z.number().int().min(1).max(10_000),
  bandwidthLimitMbps: z.number().positive().max(100_000).optional(),
  /** The HA checkbox: two relay nodes. */
  highAvailability: checkbox,
  price: z.string().trim().min(1),
  currency: currencySchema,
  active: checkbox,
});

export function planFormToInput(v: z.output<typeof planFormFields>, ctx: z.RefinementCtx): PlanInput {
  const priceMinor = parseMoney(v.price, v.currency);
  if (priceMinor === null || priceMinor > MAX_PRICE_MINOR) {
    ctx.addIssue({ code: "custom", path: ["price"], message: v.price.startsWith("-") ? "price_negative" : "price_invalid" });
    return z.NEVER;
  }
  return {
    nameEn: v.nameEn,
    nameZh: v.nameZh,
    durationDays: v.durationDays,
    trafficQuotaBytes: gbToBytes(v.trafficQuotaGb),
    deviceLimit: v.deviceLimit,
    bandwidthLimitBytesPerSec: v.bandwidthLimitMbps ? mbpsToBytesPerSec(v.bandwidthLimitMbps) : null,
    relayNodes: v.highAvailability ? 2 : 1,
    priceMinor,
    currency: v.currency,
    active: v.active,
  };
}

export const planFormInput = planFormFields.transform(planFormToInput);

// ---------- serial batches ----------

export const generateSerialInput = z.object({
  // Empty: the generic "required"; anything else that is not a plan id: "no such plan".
  planId: z.uuid({ error: (issue) => (issue.input === undefined ? undefined : "plan_unknown") }),
  count: z.number().int().min(1, "serial_count_range").max(100_000, "serial_count_range"),
  /** Integer minor units, like a plan's `priceMinor`; defaults to the plan's price. */
  priceMinor: z.number().int().min(0, "price_negative").max(MAX_PRICE_MINOR).optional(),
  // The name this field had before: refused, so that an old script's price is never silently replaced by the plan's.
  price: z.undefined({ error: "price_renamed" }).optional(),
  channel: optionalText(100),
  note: optionalText(500),
  redeemBy: dateInput().optional(),
});
/** What generateSerialBatch takes: the API body, or the form's fields with the price as decimal text. */
export interface GenerateSerialInput {
  planId: string;
  count: number;
  /** Integer minor units; defaults to the plan's price. */
  priceMinor?: number;
  /** Decimal text in the plan's currency (the admin form). */
  priceText?: string;
  channel?: string;
  note?: string;
  redeemBy?: Date;
}

/** The admin form: price as decimal text in the plan's currency (converted once the plan is known). */
export const generateSerialFormInput = z.object({
  // Empty: the generic "required"; anything else that is not a plan id: "no such plan".
  planId: z.uuid({ error: (issue) => (issue.input === undefined ? undefined : "plan_unknown") }),
  count: z.number().int().min(1, "serial_count_range").max(100_000, "serial_count_range"),
  price: optionalText(20),
  channel: optionalText(100),
  note: optionalText(500),
  redeemBy: dateInput().optional(),
});

// ---------- redemption ----------

export const activateInput = z.object({
  code: z.string().trim().min(1, "serial_required").max(100, "serial_format"),
  /** A region's code; it must name an active region (checked on redemption). Empty or absent: any region. */
  region: z.preprocess((v) => (v === "" ? undefined : v), regionCodeSchema.nullish()),
});
export type ActivateInput = z.output<typeof activateInput>;

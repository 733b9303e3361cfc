import type { Plan } from "@/db/schema";
import { minorToDecimal } from "@/lib/billing/money";
import { bytesPerSecToMbps, bytesToGb } from "@/lib/units";
import type { PlanFormValues } from "./plan-form";

/** A stored plan as the form shows it (GB, Mbit/s, decimal price). */
export function planFormValues(plan: Plan): PlanFormValues {
  return {
    id: plan.id,
    nameEn: plan.nameEn,
    nameZh: plan.nameZh,
    durationDays: plan.durationDays,
    trafficQuotaGb: bytesToGb(plan.trafficQuotaBytes),
    deviceLimit: plan.deviceLimit,
    bandwidthLimitMbps: plan.bandwidthLimitBytesPerSec ? Math.round(bytesPerSecToMbps(plan.bandwidthLimitBytesPerSec) * 100) / 100 : null,
    price: minorToDecimal(plan.priceMinor, plan.currency),
    currency: plan.currency,
    active: plan.active,
    highAvailability: plan.relayNodes > 1,
  };
}

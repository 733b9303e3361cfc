"use client";

import { formatMoney, minorDigits } from "@/lib/billing/money";
import { BarSeriesChart } from "./bar-series-chart";

/**
 * Revenue of one currency per bucket. Sums arrive as exact integers (minor units); only the bar heights
 * use major units as numbers, and every label is formatted from the exact minor amount.
 */
export function RevenueChart({
  points,
  currency,
  locale,
  title,
  testId,
}: {
  /** `axis` names the bar under it, `full` the exact days it holds (in the tooltip). */
  points: { axis: string; full: string; amountMinor: number }[];
  currency: string;
  locale: string;
  title: string;
  testId?: string;
}) {
  const scale = 10 ** minorDigits(currency);
  return (
    <BarSeriesChart
      title={title}
      testId={testId}
      data={points.map((p) => ({ label: p.axis, detail: p.full, value: p.amountMinor / scale }))}
      format={(v) => formatMoney(Math.round(v * scale), currency, locale)}
    />
  );
}

export function CountChart({
  points,
  title,
  locale,
  testId,
}: {
  points: { axis: string; full: string; count: number }[];
  title: string;
  locale: string;
  testId?: string;
}) {
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return (
    <BarSeriesChart
      integer
      title={title}
      testId={testId}
      data={points.map((p) => ({ label: p.axis, detail: p.full, value: p.count }))}
      format={(v) => nf.format(v)}
    />
  );
}

"use client";

import { useFormatter, useTimeZone } from "next-intl";
import { TrendLineChart, type TrendLine } from "@/components/charts/trend-line-chart";

const COLORS = ["var(--primary)", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#84cc16", "#ec4899"];

/**
 * Hourly traffic lines: bytes per hour (a customer's usage) or bytes per second (an admin's rate per server or
 * region). Values arrive from the server page as plain numbers and ISO hours; formatting happens here because
 * a formatter cannot cross from a server component.
 */
export function TrafficChart({
  hours,
  series,
  unit,
  title,
  testId,
}: {
  hours: string[];
  series: { name: string; values: number[] }[];
  unit: "bytes" | "rate";
  title: string;
  testId?: string;
}) {
  const format = useFormatter();
  const timeZone = useTimeZone();
  const data = hours.map((hour, i) => ({
    label: format.dateTime(new Date(hour), { hour: "2-digit", minute: "2-digit", timeZone }),
    ...Object.fromEntries(series.map((s, j) => [`s${j}`, s.values[i] ?? 0])),
  }));
  const lines: TrendLine[] = series.map((s, j) => ({ key: `s${j}`, name: s.name, color: COLORS[j % COLORS.length] }));
  return <TrendLineChart data={data} lines={lines} title={title} testId={testId} format={(v) => formatBytes((n, digits) => format.number(n, { maximumFractionDigits: digits }), v, unit)} />;
}

/** 1234567 → "1.2 MB" (decimal units, as quotas are sold), per second for a rate. */
function formatBytes(number: (value: number, maximumFractionDigits: number) => string, value: number, unit: "bytes" | "rate"): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${number(v, v < 10 ? 1 : 0)} ${units[i]}${unit === "rate" ? "/s" : ""}`;
}

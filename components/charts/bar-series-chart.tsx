"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarPoint {
  /** Under the bar. */
  label: string;
  /** In the tooltip: what the bar counts exactly (e.g. the days of a week). */
  detail: string;
  value: number;
}

/**
 * A bar chart over time buckets, themed with the app's CSS variables (so it follows light/dark mode).
 * `format` turns a value into the text shown on the axis and in the tooltip.
 */
export function BarSeriesChart({
  data,
  title,
  format,
  testId,
  integer = false,
}: {
  data: BarPoint[];
  title: string;
  format: (value: number) => string;
  testId?: string;
  /** Counts: whole-number ticks only. */
  integer?: boolean;
}) {
  return (
    <figure className="h-64 w-full" aria-label={title} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          {/* The first and the last bar are always named, so the axis never seems to stop before the range ends. */}
          <XAxis
            dataKey="label"
            interval="preserveStartEnd"
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            stroke="var(--border)"
            minTickGap={16}
          />
          <YAxis
            allowDecimals={!integer}
            tickFormatter={(v: number) => format(v)}
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            stroke="var(--border)"
            width={80}
          />
          <Tooltip
            formatter={(v) => [format(Number(v)), title]}
            labelFormatter={(_, payload) => (payload?.[0]?.payload as BarPoint | undefined)?.detail ?? ""}
            cursor={{ fill: "var(--muted)" }}
            contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", color: "var(--foreground)", borderRadius: 6 }}
            labelStyle={{ color: "var(--foreground)" }}
          />
          <Bar dataKey="value" fill="var(--primary)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

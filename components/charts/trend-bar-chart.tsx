"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendLine, TrendPoint } from "./trend-line-chart";

/** Side-by-side bars per time bucket (e.g. probe loss of HTTPS and STUN). */
export function TrendBarChart({
  data,
  bars,
  title,
  format,
  testId,
  domainMax,
}: {
  data: TrendPoint[];
  bars: Omit<TrendLine, "dashed">[];
  title: string;
  format: (value: number) => string;
  testId?: string;
  /** A fixed top of the value axis (e.g. 1 for a share); default: fitted to the data. */
  domainMax?: number;
}) {
  return (
    <figure className="h-48 w-full" aria-label={title} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} stroke="var(--border)" minTickGap={24} />
          <YAxis domain={[0, domainMax ?? "auto"]} tickFormatter={(v: number) => format(v)} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} stroke="var(--border)" width={80} />
          <Tooltip
            formatter={(v, name) => [v === null || v === undefined ? "–" : format(Number(v)), name]}
            cursor={{ fill: "var(--muted)" }}
            contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", color: "var(--foreground)", borderRadius: 6 }}
            labelStyle={{ color: "var(--foreground)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {bars.map((bar) => (
            <Bar key={bar.key} dataKey={bar.key} name={bar.name} fill={bar.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

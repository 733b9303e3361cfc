"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { label: string } & Record<string, number | string | null>;

export interface TrendLine {
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

/**
 * Lines over time buckets. Missing values (null) leave gaps instead of being drawn as zeros: a bucket without
 * samples is unknown, not fast.
 */
export function TrendLineChart({
  data,
  lines,
  title,
  format,
  testId,
  domainMax,
}: {
  data: TrendPoint[];
  lines: TrendLine[];
  title: string;
  format: (value: number) => string;
  testId?: string;
  /** A fixed top of the value axis (e.g. capacity); default: fitted to the data. */
  domainMax?: number;
}) {
  return (
    <figure className="h-56 w-full" aria-label={title} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} stroke="var(--border)" minTickGap={24} />
          <YAxis
            domain={[0, domainMax ?? "auto"]}
            tickFormatter={(v: number) => format(v)}
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            stroke="var(--border)"
            width={80}
          />
          <Tooltip
            formatter={(v, name) => [v === null || v === undefined ? "–" : format(Number(v)), name]}
            contentStyle={{ background: "var(--card)", border: "1px solid var(--border)", color: "var(--foreground)", borderRadius: 6 }}
            labelStyle={{ color: "var(--foreground)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {lines.map((line) => (
            <Line
              key={line.key}
              type="monotone"
              dataKey={line.key}
              name={line.name}
              stroke={line.color}
              strokeDasharray={line.dashed ? "4 3" : undefined}
              strokeWidth={2}
              // Small dots: a bucket between two empty ones is otherwise invisible.
              dot={{ r: 1.5 }}
              activeDot={{ r: 3 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartPoint {
  /** Axis label, already formatted. */
  label: string;
  /** The decimal string as the API sent it, for the tooltip. */
  value: string;
}

export interface BarChartProps {
  data: ChartPoint[];
  formatValue: (value: string) => string;
  formatAxis?: (value: string) => string;
  name: string;
  /** In px; bar-chart.tsx gives its default. */
  height: number;
}

/**
 * Loaded through bar-chart.tsx only (next/dynamic), so recharts is not in any page's first load.
 * Recharts needs numbers to size bars; Number() here only places a bar on screen, the
 * figures people read (tooltip, tables, totals) are the API's exact decimal strings.
 */
export function RechartsBarChart({ data, formatValue, formatAxis = formatValue, name, height }: BarChartProps) {
  const points = data.map((point) => ({ ...point, y: Number(point.value) }));
  return (
    // Recharts keeps the x-axis labels inside the chart's own box by their width as an HTML span
    // measures it, so the last one may end exactly at the box's right edge; the SVG draws text a
    // pixel or so wider on some fonts and zoom levels, and an <svg> clips what overflows it (the
    // last label lost its last letter). The chart lets it overflow into the card's padding.
    <div style={{ height }} className="w-full text-xs [&_.recharts-surface]:overflow-visible">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fill: "var(--muted-foreground)" }} minTickGap={12} />
          <YAxis
            tickLine={false}
            axisLine={false}
            width={72}
            tick={{ fill: "var(--muted-foreground)" }}
            tickFormatter={(value: number) => formatAxis(String(value))}
          />
          <Tooltip
            cursor={{ fill: "var(--accent)" }}
            contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--popover-foreground)" }}
            formatter={(_value, _name, item) => [formatValue((item.payload as { value: string }).value), name]}
          />
          <Bar dataKey="y" name={name} fill="var(--chart-1)" radius={[4, 4, 0, 0]} maxBarSize={48} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

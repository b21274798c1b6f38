"use client";

import dynamic from "next/dynamic";
import { useInView } from "react-intersection-observer";

import { Skeleton } from "~/components/ui/skeleton";

import type { BarChartProps } from "./recharts-bar-chart";

export type { ChartPoint } from "./recharts-bar-chart";

/** In px, when a chart is given no height. */
const CHART_HEIGHT = 260;

// recharts is ~100 KB of compressed JavaScript: loaded (next/dynamic) only where a chart is drawn,
// after the page's frame and figures, instead of in the first load of the pages that have one
// and of every page that links to them (the app router prefetches linked routes' code).
const RechartsBarChart = dynamic(() => import("./recharts-bar-chart").then((module) => module.RechartsBarChart), {
  ssr: false,
  loading: () => <Skeleton className="size-full" />,
});

/**
 * A bar chart (recharts-bar-chart.tsx), its space reserved while its code loads so nothing below
 * it moves. Drawn once its box comes within 200 px of the screen: a chart below the fold (the
 * dashboard's on a phone, under the day's figures) costs a phone nothing until it is scrolled to —
 * recharts' code and its first render were most of the dashboard's blocking time on
 * Lighthouse's phone (issue 21).
 */
export function SimpleBarChart({ height = CHART_HEIGHT, ...props }: Omit<BarChartProps, "height"> & { height?: number }) {
  const { ref, inView } = useInView({ triggerOnce: true, rootMargin: "200px" });
  return (
    <div ref={ref} style={{ height }} className="w-full">
      {/* Off screen: the reserved space only (a skeleton there would say "loading" for what is not). */}
      {inView ? <RechartsBarChart {...props} height={height} /> : null}
    </div>
  );
}

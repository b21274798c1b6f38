"use client";

import { useEffect, useRef, useState } from "react";
import type * as React from "react";

import { cn } from "~/lib/utils";

/**
 * Below `md` (a phone) each row becomes a card of "header: value" lines instead of a row of
 * columns, so no column or button is cut off at 390 px (issue 21). Put `table` on the Table,
 * hide the header with `head`, `row` on each body row and `cell` on each cell with the
 * column's header text as `data-label` (it labels the value); a long word (a product named as
 * one compound word) breaks rather than widening the card.
 */
export const stackedOnPhone = {
  table: "max-md:block max-md:[&_tbody]:block",
  head: "max-md:hidden",
  row: "max-md:block max-md:py-1",
  cell: "max-md:flex max-md:items-baseline max-md:justify-between max-md:gap-3 max-md:py-1 max-md:text-right max-md:[overflow-wrap:anywhere] max-md:before:shrink-0 max-md:before:text-left max-md:before:font-medium max-md:before:text-muted-foreground max-md:before:content-[attr(data-label)]",
} as const;

/**
 * A table in a box that scrolls sideways when the table is wider (a phone). While it does, the
 * box is a labelled region and a Tab stop, so it can be scrolled by keyboard (WCAG 2.1.1; axe
 * scrollable-region-focusable); a table that fits adds no Tab stop. `label` names the region
 * (default: "Table").
 */
export function Table({ className, label = "Table", ...props }: React.ComponentProps<"table"> & { label?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const measure = () => setScrolls(container.scrollWidth > container.clientWidth);
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    if (container.firstElementChild) observer.observe(container.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={box}
      data-slot="table-container"
      className="relative w-full overflow-x-auto"
      {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": `${label} (scrolls sideways)` } : {})}
    >
      <table data-slot="table" className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </div>
  );
}

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead data-slot="table-header" className={cn("[&_tr]:border-b", className)} {...props} />;
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return <tfoot data-slot="table-footer" className={cn("border-t bg-muted/50 font-medium", className)} {...props} />;
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr data-slot="table-row" className={cn("border-b transition-colors hover:bg-muted/50", className)} {...props} />;
}

export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return (
    <th data-slot="table-head" className={cn("h-10 px-3 text-left align-middle font-medium whitespace-nowrap text-muted-foreground", className)} {...props} />
  );
}

export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td data-slot="table-cell" className={cn("px-3 py-2.5 align-middle", className)} {...props} />;
}

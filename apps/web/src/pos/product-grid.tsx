"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { memo, useLayoutEffect, useRef, useState, useSyncExternalStore } from "react";

import { formatQuantity } from "~/lib/format";

import type { PosProduct } from "./local-store";

/** The grid's columns at the Tailwind breakpoints it uses (lg 64rem: 3, xl 80rem: 4, else 2). */
const COLUMN_QUERIES = [
  ["(min-width: 80rem)", 4],
  ["(min-width: 64rem)", 3],
] as const;
const subscribeWidth = (notify: () => void) => {
  const lists = COLUMN_QUERIES.map(([query]) => window.matchMedia(query));
  for (const list of lists) list.addEventListener("change", notify);
  return () => lists.forEach((list) => list.removeEventListener("change", notify));
};
const useColumns = () =>
  useSyncExternalStore(
    subscribeWidth,
    () => COLUMN_QUERIES.find(([query]) => window.matchMedia(query).matches)?.[1] ?? 2,
    () => 2,
  );

/** A row of tiles: min-h-24 (96 px) plus the 12 px gap; rows are measured (ResizeObserver) once shown. */
const ROW_ESTIMATE = 108;
/**
 * Rows kept in the document beyond the screen, above and below: only what is on screen and
 * near it is rendered, whatever the catalogue's size. Rendering every tile cost seconds per
 * keystroke with 20,000 products (docs/benchmarks.md, "The till"), and even a shop of 200
 * spent ~250 ms at 4× CPU laying its tiles out as the till opened (issue 21: Lighthouse's
 * total blocking time). Tab and the search box reach every product: a focused tile scrolls
 * into view and the rows after it are rendered before Tab gets there.
 */
const OVERSCAN = 6;

/**
 * The till's product tiles, virtualised by rows against the page's own scroll
 * (@tanstack/react-virtual). `data-results` says how many products match, for the bench's
 * probes (bench/src/till.ts).
 */
export function ProductGrid({
  products,
  money,
  onPick,
}: {
  products: readonly PosProduct[];
  money: (amount: string) => string;
  onPick: (product: PosProduct) => void;
}) {
  const columns = useColumns();
  const rows = Math.ceil(products.length / columns);
  const listRef = useRef<HTMLDivElement>(null);
  // Where the grid starts on the page: what is above it (till bar, messages) may change height,
  // and so does the page then. Read when a ResizeObserver of the page reports (after layout),
  // never during a render: a layout read there forced the browser to lay the page out mid-commit.
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const observer = new ResizeObserver(() => {
      const top = (listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setScrollMargin((current) => (Math.abs(top - current) > 0.5 ? top : current));
    });
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    scrollMargin,
    // A row's height as its ResizeObserver reports it, after layout; when a row is first
    // attached (no entry yet) the estimate stands, instead of the default's offsetHeight read,
    // which forced a layout per row as the grid rendered (issue 21: the till's start-up).
    measureElement: (element, entry, instance) => {
      const size = entry?.borderBoxSize[0]?.blockSize;
      if (size !== undefined) return size;
      return instance.measurementsCache[instance.indexFromElement(element)]?.size ?? ROW_ESTIMATE;
    },
  });
  return (
    <div ref={listRef} data-results={products.length} className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((row) => (
        <div
          key={row.key}
          data-index={row.index}
          ref={virtualizer.measureElement}
          className="absolute inset-x-0 top-0 grid grid-cols-2 gap-3 pb-3 lg:grid-cols-3 xl:grid-cols-4"
          style={{ transform: `translateY(${row.start - scrollMargin}px)` }}
        >
          {products.slice(row.index * columns, (row.index + 1) * columns).map((product) => (
            <ProductTile key={product.key} product={product} money={money} onPick={onPick} />
          ))}
        </div>
      ))}
    </div>
  );
}

const ProductTile = memo(function ProductTile({
  product,
  money,
  onPick,
}: {
  product: PosProduct;
  money: (amount: string) => string;
  onPick: (product: PosProduct) => void;
}) {
  return (
    <button
      type="button"
      onClick={() => onPick(product)}
      className="grid min-h-24 content-between gap-1 rounded-xl border bg-card p-3 text-left shadow-xs transition-colors hover:bg-accent active:bg-accent"
    >
      <span className="line-clamp-2 font-medium">{product.name}</span>
      <span className="flex items-end justify-between gap-2 text-sm">
        <span className="font-semibold tabular-nums">{product.isVolatile ? `~${money(product.unitPrice)}` : money(product.unitPrice)}</span>
        <span className="text-xs text-muted-foreground">
          {product.id === null ? "new" : product.isVolatile ? "price varies" : `${formatQuantity(product.stock ?? "0")} left`}
        </span>
      </span>
    </button>
  );
});

"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import type { SaleDTO } from "@tillsync/validators";
import { Download } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useMemo, useState } from "react";
import { toast } from "sonner";

import { DataTable } from "~/components/app/data-table";
import { DateRangePicker } from "~/components/app/date-range-picker";
import { DataAsOf } from "~/components/app/data-as-of";
import { PageHeader } from "~/components/app/page-header";
import { ProductPicker } from "~/components/app/product-picker";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { cashierLabel, deliveredByLabel } from "~/components/sales/attribution";
import { useShop } from "~/components/app/shop-context";
import { SaleKindBadges } from "~/components/sales/sale-kind";
import { Button } from "~/components/ui/button";
import { Input, NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { downloadCsv, yesNo } from "~/lib/csv";
import { messageOf } from "~/lib/api-error";
import { decimalSort } from "~/lib/decimal-sort";
import { formatInstant, formatMoney, formatQuantity, tenderName } from "~/lib/format";
import { useAddressParams } from "~/lib/use-address-params";
import { useDebounced } from "~/lib/use-debounced";
import { useTRPC, useTRPCClient } from "~/trpc/react";

import { saleFilters, saleListInput } from "./list-input";

/** The filters live in the address (?from=&to=&product=&till=&kind=&receipt=): a filtered view survives a reload and can be shared. */
function useSaleFilters() {
  const [params, set] = useAddressParams<"from" | "to" | "product" | "till" | "kind" | "receipt">();
  return [saleFilters(params), set] as const;
}

/** The CSV export's columns: one row per sale, amounts as the API's decimal strings, times in the shop's zone. */
const CSV_FIELDS = [
  "sale_id",
  "kind",
  "occurred_at",
  "received_at",
  "till",
  "api_key",
  "cashier",
  "cashier_id",
  "cashier_status",
  "delivered_by",
  "items",
  "total",
  "reason",
  "external_id",
  "tenders",
  "rounding",
  "tender_mismatch",
  "till_id",
  "drawer_session_id",
  "refunds_sale_id",
  "over_refund",
  "needs_review",
  "receipt_number",
  "receipt_flag",
  "cash_without_drawer",
];

function csvRow(sale: SaleDTO, timeZone: string): (string | number)[] {
  const at = (instant: Date) => formatInstant(instant, timeZone, "yyyy-MM-dd HH:mm:ss");
  return [
    sale.id,
    sale.kind,
    at(sale.occurredAt),
    at(sale.receivedAt),
    sale.sourceDevice ?? "",
    sale.deviceName ?? "",
    sale.cashier ? (sale.cashier.name ?? "") : "",
    sale.cashier?.id ?? "",
    sale.cashier?.status ?? "",
    deliveredByLabel(sale.deliveredBy),
    sale.items.map((item) => `${item.quantity} x ${item.productName} @ ${item.unitPrice}`).join("; "),
    sale.total,
    sale.reason ?? "",
    sale.externalId,
    sale.tenders
      .map((tender) => `${tenderName(tender)} ${tender.amount}${tender.tendered === null ? "" : ` (handed ${tender.tendered}, change ${tender.change})`}`)
      .join("; "),
    sale.rounding,
    yesNo(sale.tenderMismatch),
    sale.tillId ?? "",
    sale.drawerSessionId ?? "",
    sale.refundsSaleId ?? "",
    yesNo(sale.overRefund),
    yesNo(sale.needsReview),
    sale.receiptNumber ?? "",
    sale.receiptFlag ?? "",
    yesNo(sale.cashWithoutDrawer),
  ];
}

export function SalesView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [exporting, setExporting] = useState(false);
  const router = useRouter();
  const { shop } = useShop();
  const [filters, setFilters] = useSaleFilters();
  const { startDate, endDate, productId, device: deviceParam, kind, receipt: receiptParam } = filters;
  const list = saleListInput(filters);
  const { rangeInvalid, receiptInvalid } = list;
  // The receipt box (DESIGN.md §9: "A-14", or 14 in every series) follows the address once typing pauses, as the till box does.
  const [receipt, setReceipt] = useState(receiptParam);
  const debouncedReceipt = useDebounced(receipt.trim());
  const writeReceipt = useEffectEvent((value: string) => {
    if (value !== receiptParam) setFilters({ receipt: value });
  });
  useEffect(() => writeReceipt(debouncedReceipt), [debouncedReceipt]);
  const [shownReceipt, setShownReceipt] = useState(receiptParam);
  if (shownReceipt !== receiptParam) {
    setShownReceipt(receiptParam);
    if (receipt.trim() !== receiptParam) setReceipt(receiptParam);
  }
  // The till box is typed into: the address follows once typing pauses.
  const [device, setDevice] = useState(deviceParam);
  const debouncedDevice = useDebounced(device.trim());
  // Only a settled change of the box writes the address, compared with the address as it is
  // then (an effect event: the address changing must not re-run this and undo a back button).
  const writeTill = useEffectEvent((till: string) => {
    if (till !== deviceParam) setFilters({ till });
  });
  useEffect(() => writeTill(debouncedDevice), [debouncedDevice]);
  // The address changing (back button, clear) resets the box, during render as React advises
  // for state that follows a prop, unless the box already says the same.
  const [shownParam, setShownParam] = useState(deviceParam);
  if (shownParam !== deviceParam) {
    setShownParam(deviceParam);
    if (device.trim() !== deviceParam) setDevice(deviceParam);
  }

  const sales = useInfiniteQuery({
    ...trpc.sale.list.infiniteQueryOptions(list.input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      placeholderData: (previous) => previous,
    }),
    enabled: list.enabled,
  });
  const rows = useMemo(() => sales.data?.pages.flatMap((page) => page.items) ?? [], [sales.data]);
  // A sale rung up on a till (DESIGN.md §8) shows the till's name; others the device label it was sent with.
  const tills = useQuery(trpc.till.list.queryOptions());
  const tillNames = useMemo(() => new Map(tills.data?.map((till) => [till.id, till.name])), [tills.data]);
  const filtered = startDate !== "" || endDate !== "" || productId !== undefined || deviceParam !== "" || kind !== "" || receiptParam !== "";

  /** Every sale matching the current filters (all pages, not just those loaded), as CSV. */
  async function exportCsv() {
    setExporting(true);
    try {
      const input = { ...list.input, limit: 200 };
      const all: SaleDTO[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.sale.list.query({ ...input, cursor });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const range = [startDate, endDate].filter(Boolean).join("_to_");
      downloadCsv(
        `sales${range ? `-${range}` : ""}.csv`,
        CSV_FIELDS,
        all.map((sale) => csvRow(sale, shop.timezone)),
      );
    } catch (error) {
      toast.error(`Could not export: ${messageOf(error)}`);
    } finally {
      setExporting(false);
    }
  }

  const columns = useMemo<ColumnDef<SaleDTO>[]>(
    () => [
      {
        accessorKey: "occurredAt",
        header: "When",
        cell: ({ row }) => (
          <Link href={`/sales/${row.original.id}`} className="font-medium whitespace-nowrap hover:underline" onClick={(e) => e.stopPropagation()}>
            {formatInstant(row.original.occurredAt, shop.timezone)}
          </Link>
        ),
      },
      { accessorKey: "id", header: "Sale", cell: ({ row }) => <span className="text-muted-foreground">#{row.original.id}</span>, meta: { hideBelow: "md" } },
      {
        id: "receipt",
        accessorFn: (sale) => sale.receiptNumber ?? "",
        header: "Receipt",
        cell: ({ getValue }) => <span className="font-mono whitespace-nowrap">{getValue<string>() || "—"}</span>,
      },
      {
        id: "device",
        accessorFn: (sale) => (sale.tillId === null ? undefined : tillNames.get(sale.tillId)) ?? sale.sourceDevice ?? sale.deviceName ?? "",
        header: "Till",
        cell: ({ getValue }) => getValue<string>() || "—",
      },
      {
        id: "items",
        header: "Items",
        enableSorting: false,
        cell: ({ row }) => {
          const items = row.original.items;
          const first = items[0];
          return (
            <div className="flex flex-col gap-1">
              <span className="line-clamp-1">
                {first ? `${formatQuantity(first.quantity)} × ${first.productName}` : "—"}
                {items.length > 1 ? <span className="text-muted-foreground"> + {items.length - 1} more</span> : null}
              </span>
              <SaleKindBadges sale={row.original} />
            </div>
          );
        },
      },
      {
        id: "cashier",
        accessorFn: (sale) => cashierLabel(sale.cashier),
        header: "Cashier",
        cell: ({ getValue }) => getValue<string>() || "—",
      },
      {
        id: "deliveredBy",
        accessorFn: (sale) => deliveredByLabel(sale.deliveredBy),
        header: "Sent by",
        cell: ({ getValue }) => getValue<string>() || "—",
        meta: { hideBelow: "lg" },
      },
      {
        accessorKey: "total",
        header: "Total",
        sortingFn: decimalSort,
        cell: ({ row }) => formatMoney(row.original.total, shop.currency),
        meta: { numeric: true },
      },
    ],
    [shop.currency, shop.timezone, tillNames],
  );

  function clear() {
    setDevice("");
    setReceipt("");
    setFilters({ from: undefined, to: undefined, product: undefined, till: undefined, kind: undefined, receipt: undefined });
  }

  return (
    <>
      <PageHeader
        title="Sales"
        description={`Every sale and refund, newest first. Times are in the shop’s time zone (${shop.timezone}).`}
        actions={
          <Button variant="outline" onClick={() => void exportCsv()} disabled={exporting || rangeInvalid}>
            <Download /> {exporting ? "Exporting…" : "Export CSV"}
          </Button>
        }
      />
      <DataAsOf freshness={sales.data?.pages.map((page) => page.freshness) ?? []} />
      <div className="mb-4 grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 md:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto]">
        <DateRangePicker
          value={{ startDate, endDate }}
          onChange={(range) => setFilters({ from: range.startDate || undefined, to: range.endDate || undefined })}
          timeZone={shop.timezone}
          openEnded
          invalid={rangeInvalid}
        />
        <div className="grid gap-1.5">
          <Label htmlFor="product">Product</Label>
          <ProductPicker id="product" value={productId} onChange={(id) => setFilters({ product: id })} allLabel="All products" />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="device">Till</Label>
          <Input id="device" placeholder="e.g. Front counter or pos-02" value={device} onChange={(e) => setDevice(e.target.value)} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="receipt">Receipt</Label>
          <Input
            id="receipt"
            type="search"
            placeholder="e.g. A-14"
            value={receipt}
            onChange={(e) => setReceipt(e.target.value)}
            aria-invalid={receiptInvalid}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="kind">Kind</Label>
          <NativeSelect id="kind" value={kind} onChange={(e) => setFilters({ kind: e.target.value })}>
            <option value="">All</option>
            <option value="sale">Sales only</option>
            <option value="reversal">Reversals only</option>
            <option value="refund">Partial refunds only</option>
          </NativeSelect>
        </div>
        <div className="flex items-end">
          <Button variant="outline" className="w-full" onClick={clear} disabled={!filtered}>
            Clear filters
          </Button>
        </div>
        {rangeInvalid ? <p className="col-span-full text-sm text-destructive">“From” must not be after “To”.</p> : null}
        {receiptInvalid ? <p className="col-span-full text-sm text-destructive">Type a receipt number such as A-14, or just 14.</p> : null}
      </div>
      {sales.isPending && !rangeInvalid ? (
        <LoadingRows />
      ) : sales.isError ? (
        <QueryError error={sales.error} retry={() => void sales.refetch()} />
      ) : (
        <>
          <DataTable
            columns={columns}
            data={rows}
            onRowClick={(row) => router.push(`/sales/${row.original.id}`)}
            empty={filtered ? "No sales match these filters." : "No sales yet. They appear here as soon as a till syncs."}
          />
          {sales.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="outline" onClick={() => void sales.fetchNextPage()} disabled={sales.isFetchingNextPage}>
                {sales.isFetchingNextPage ? "Loading…" : "Load older sales"}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}

"use client";

import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type Row, type SortingState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useState } from "react";

import { stackedOnPhone, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { cn } from "~/lib/utils";

declare module "@tanstack/react-table" {
  // Merging with TanStack's declaration needs its exact type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Right-align numbers so digits line up. */
    numeric?: boolean;
    /** Hidden below this breakpoint to keep the table readable on a tablet. */
    hideBelow?: "md" | "lg";
  }
}

const hideClass = { md: "hidden md:table-cell", lg: "hidden lg:table-cell" } as const;
const { table: stackTable, row: stackRow, cell: stackCell } = stackedOnPhone;

/** The column's header as text, for the phone layout's labels ("" for a header drawn by a function). */
const headerText = (header: unknown) => (typeof header === "string" ? header : "");

/** shadcn's data table: TanStack Table state, plain table markup, sortable headers. */
export function DataTable<TData, TValue>({
  columns,
  data,
  initialSorting = [],
  onRowClick,
  empty,
}: {
  columns: ColumnDef<TData, TValue>[];
  data: TData[];
  initialSorting?: SortingState;
  onRowClick?: (row: Row<TData>) => void;
  empty?: React.ReactNode;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  return (
    <div className="rounded-xl border bg-card">
      <Table className={stackTable}>
        <TableHeader className="max-md:hidden">
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const sorted = header.column.getIsSorted();
                return (
                  <TableHead
                    key={header.id}
                    className={cn(meta?.numeric && "text-right", meta?.hideBelow && hideClass[meta.hideBelow])}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className={cn("-mx-1 inline-flex h-8 items-center gap-1 rounded px-1 hover:text-foreground", meta?.numeric && "flex-row-reverse")}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === "asc" ? (
                          <ArrowUp className="size-3.5" />
                        ) : sorted === "desc" ? (
                          <ArrowDown className="size-3.5" />
                        ) : (
                          <ArrowUpDown className="size-3.5 opacity-40" />
                        )}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columns.length} className="h-24 text-center text-muted-foreground">
                {empty ?? "Nothing here yet."}
              </TableCell>
            </TableRow>
          ) : (
            table.getRowModel().rows.map((row) => (
              <TableRow key={row.id} className={cn(stackRow, onRowClick && "cursor-pointer")} onClick={onRowClick ? () => onRowClick(row) : undefined}>
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <TableCell
                      key={cell.id}
                      data-label={headerText(cell.column.columnDef.header)}
                      className={cn(meta?.numeric && "text-right tabular-nums", meta?.hideBelow ? hideClass[meta.hideBelow] : stackCell)}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </div>
  );
}

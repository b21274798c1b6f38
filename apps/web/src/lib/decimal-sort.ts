import Decimal from "decimal.js";
import type { Row } from "@tanstack/react-table";

/** Sorts decimal-string columns by value, not as text ("10.00" after "9.00"); nulls last. */
export function decimalSort<T>(a: Row<T>, b: Row<T>, columnId: string) {
  const x = a.getValue<string | null>(columnId);
  const y = b.getValue<string | null>(columnId);
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return new Decimal(x).comparedTo(y);
}

"use client";

import { D, priceLabelLine, readScan, type ScanPrefixRule } from "@tillsync/validators";
import { useCallback, useEffect, useRef } from "react";

import type { NewProductDraft } from "./item-dialogs";
import type { PosProduct } from "./local-store";
import { notify } from "./notify";

/** What the staff member is told when a code fails its check digit (or a label its verifier digit). */
export const MISREAD_MESSAGE = "That barcode did not read correctly — scan again.";

/**
 * What a scanned code does at the till (DESIGN.md §9), decided against the till's own
 * catalogue (IndexedDB copy: works offline):
 * - `add`: a line of `quantity` at `unitPrice` (one unit at its price; a weight label's
 *   weight at the product's price per kg; a price label's amount, validators priceLabelLine);
 *   `label`: a scale label's line, kept apart from other lines of the product.
 * - `ask-price`: a volatile product with no price to go by: the price dialog, the label's
 *   weight as its quantity when there is one.
 * - `create`: no product has the code: the new-product dialog, prefilled.
 * - `misread`: a check digit or verifier digit is wrong.
 * - `empty-label`: a label whose weight or price is zero.
 */
export type ScanAction =
  | { kind: "add"; product: PosProduct; quantity: string; unitPrice: string; label: boolean }
  | { kind: "ask-price"; product: PosProduct; quantity?: string }
  | { kind: "create"; draft: NewProductDraft }
  | { kind: "misread" }
  | { kind: "empty-label"; measure: ScanPrefixRule["measure"] };

const oneOf = (product: PosProduct): ScanAction =>
  product.isVolatile ? { kind: "ask-price", product } : { kind: "add", product, quantity: "1", unitPrice: product.unitPrice, label: false };

/**
 * The action for `scanned` (null for blank input). A product whose SKU is exactly the code
 * wins first (the shop's own codes, even a number whose check digit would fail); then the
 * code is read (validators readScan) and its keys are looked up in order.
 */
export function resolveScan(scanned: string, rules: readonly ScanPrefixRule[], catalogue: readonly PosProduct[]): ScanAction | null {
  const code = scanned.trim();
  if (code === "") return null;
  const bySku = (sku: string) => catalogue.find((product) => product.sku === sku);
  const exact = bySku(code);
  if (exact) return oneOf(exact);
  const reading = readScan(code, rules);
  if (!reading) return null;
  if (reading.kind === "misread") return { kind: "misread" };
  const product = reading.keys.map(bySku).find((found) => found !== undefined);
  if (reading.kind !== "variable") return product ? oneOf(product) : { kind: "create", draft: { sku: code } };
  const value = new D(reading.value);
  if (value.isZero()) return { kind: "empty-label", measure: reading.measure };
  if (!product)
    return {
      kind: "create",
      draft:
        reading.measure === "weight" ? { sku: reading.itemCode, quantity: reading.value, isVolatile: true } : { sku: reading.itemCode, price: reading.value },
    };
  const perKg = new D(product.unitPrice);
  if (reading.measure === "weight") {
    return perKg.isZero()
      ? { kind: "ask-price", product, quantity: reading.value }
      : { kind: "add", product, quantity: reading.value, unitPrice: perKg.toFixed(2), label: true };
  }
  // Only a product sold by weight (volatile: its price is per kg) has a weight to derive.
  const line = product.isVolatile ? priceLabelLine(reading.value, product.unitPrice) : { quantity: "1", unitPrice: reading.value };
  return { kind: "add", product, quantity: line.quantity, unitPrice: line.unitPrice, label: true };
}

export interface ScanToAddOptions {
  /** The till's catalogue (with this till's unsent sales taken off stock). */
  catalogue: readonly PosProduct[];
  /** The shop's variable-measure label prefixes (shop.scanPrefixes). */
  rules: readonly ScanPrefixRule[];
  /** `separate`: a scale label's line, never merged with another. */
  add: (product: PosProduct, unitPrice: string, quantity: string, separate: boolean) => void;
  askPrice: (product: PosProduct, quantity?: string) => void;
  offerCreate: (draft: NewProductDraft) => void;
}

/**
 * Scan-to-add for every way a code reaches the till (keyboard-wedge scanner, camera):
 * `onCode(code)` looks the code up and adds it, asks for a price, offers to create the
 * product, or says the scan failed — in staff words. Stable across renders (reads the
 * latest options), so listeners bound to it stay bound.
 */
export function useScanToAdd(options: ScanToAddOptions): { onCode: (code: string) => void } {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const onCode = useCallback((code: string) => {
    const { catalogue, rules, add, askPrice, offerCreate } = latest.current;
    const action = resolveScan(code, rules, catalogue);
    if (!action) return;
    switch (action.kind) {
      case "add":
        add(action.product, action.unitPrice, action.quantity, action.label);
        return;
      case "ask-price":
        askPrice(action.product, action.quantity);
        return;
      case "create":
        offerCreate(action.draft);
        return;
      case "misread":
        notify("error", MISREAD_MESSAGE);
        return;
      case "empty-label":
        notify("error", action.measure === "weight" ? "That label shows no weight — weigh the item again." : "That label shows no price — print it again.");
        return;
    }
  }, []);
  return { onCode };
}

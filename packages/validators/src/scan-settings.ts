import { z } from "zod";

import "./messages";

// A shop's scale-label set-up (DESIGN.md §9) as schemas: what the settings page and the API
// accept. Reading a scanned code against it is scan.ts's, without zod, so the till does it
// in the browser without loading zod (issue 21).

/** The GS1 Prefixes set aside for restricted circulation numbers (GS1 General Specifications, the GS1 Prefix list): 20–29, 02x (UPC-A number system 2), 04x (within a company). */
const RESTRICTED_PREFIX = /^(?:2\d|02|04)\d?$/;

/**
 * How the shop's scale labels one restricted-circulation prefix (DESIGN.md §9), positions
 * counted 1–13 from the left of the EAN-13 (a UPC-A label is read with its leading 0):
 * `prefix` "20"–"29" (or "200"–"299", "02x", "04x"); `measure` "weight" (kg, 3 decimals) or
 * "price" (2 decimals); the item code at `itemStart`, `itemLength` digits; the value in the
 * `valueLength` (4 or 5) digits just before the check digit (13); `verifierDigit`: the digit
 * just before the value is its GS1 price/measure verifier digit (§7.9.3).
 * Typical: 2 + item 5 + value 5 + check ("21 12345 00472 3", no verifier); US-style price
 * labels "02 IIIII V PPPP K" (item 3–7, verifier 8, price 9–12).
 */
export const scanPrefixRule = z
  .object({
    prefix: z.string().trim().regex(RESTRICTED_PREFIX, "Use a prefix set aside for in-store labels: 20–29 (or 200–299, 02, 04)"),
    measure: z.enum(["weight", "price"]),
    itemStart: z.number().int().min(2).max(11),
    itemLength: z.number().int().min(1).max(10),
    valueLength: z.union([z.literal(4), z.literal(5)]),
    verifierDigit: z.boolean(),
  })
  .superRefine((rule, ctx) => {
    const valueStart = 13 - rule.valueLength;
    const free = rule.verifierDigit ? valueStart - 1 : valueStart;
    if (rule.itemStart <= rule.prefix.length)
      ctx.addIssue({ code: "custom", path: ["itemStart"], message: `The item code starts after the prefix (position ${rule.prefix.length + 1} or later)` });
    else if (rule.itemStart + rule.itemLength > free)
      ctx.addIssue({
        code: "custom",
        path: ["itemLength"],
        message: `The item code must end by position ${free - 1}, before the ${rule.verifierDigit ? "verifier digit and " : ""}${rule.measure}`,
      });
  });
export type ScanPrefixRule = z.output<typeof scanPrefixRule>;

/**
 * A shop's variable-measure label set-up: 0..30 rules, no prefix the start of another's
 * (one label, one reading). Stored on the shop (`shop.scanPrefixes`); default none.
 */
export const scanPrefixes = z
  .array(scanPrefixRule)
  .max(30, "At most 30 prefixes")
  .superRefine((rules, ctx) => {
    rules.forEach((rule, index) => {
      const clash = rules.findIndex((other, j) => j !== index && (other.prefix.startsWith(rule.prefix) || rule.prefix.startsWith(other.prefix)));
      if (clash !== -1 && clash < index)
        ctx.addIssue({ code: "custom", path: [index, "prefix"], message: `Prefix ${rule.prefix} overlaps prefix ${rules[clash]!.prefix}` });
    });
  });

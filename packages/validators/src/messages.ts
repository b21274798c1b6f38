import { z } from "zod";

// Messages for staff (issue 21): zod's own words ("Too small: expected string to have >=1
// characters") reached the forms and the API's errors. Every schema here without a message
// of its own speaks through staffMessage instead, installed once for the whole zod instance
// (z.config customError: a schema's own message still wins), so the admin app, the till and
// the API's field errors say the same thing.

type Issue = z.core.$ZodRawIssue;

const sizeUnit: Record<string, [one: string, many: string]> = {
  string: ["character", "characters"],
  array: ["item", "items"],
  set: ["item", "items"],
  map: ["entry", "entries"],
};

const formatName: Record<string, string> = {
  email: "an email address like name@example.com",
  url: "a web address like https://example.com",
  uuid: "an id like 0b6a4f5e-…",
  date: "a date like 2026-03-31",
  datetime: "a date and time like 2026-03-31T14:30:00Z",
  time: "a time like 14:30",
};

const count = (n: number | bigint, origin: string) => {
  const [one, many] = sizeUnit[origin] ?? ["", ""];
  return `${n.toString()}${one ? ` ${n.toString() === "1" ? one : many}` : ""}`;
};

/**
 * The message staff read for a zod issue no schema worded itself, or undefined to keep zod's
 * (a code not listed here). Sizes: text counts characters, lists count items; numbers say
 * "or more"/"or less" for inclusive bounds and "more than"/"less than" otherwise.
 */
export function staffMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null) return "This is required";
      if (issue.expected === "number" || issue.expected === "int") return "Enter a number";
      if (issue.expected === "string") return "Enter text";
      if (issue.expected === "boolean") return "Choose yes or no";
      if (issue.expected === "array") return "Give a list";
      if (issue.expected === "date") return "Enter a date";
      return "This value is not the kind expected here";
    case "too_small": {
      const origin = String(issue.origin);
      if (origin === "string" && Number(issue.minimum) === 1) return "This is required";
      if (origin in sizeUnit) {
        if (issue.exact) return `Use exactly ${count(issue.minimum, origin)}`;
        return origin === "string" ? `Use at least ${count(issue.minimum, origin)}` : `Add at least ${count(issue.minimum, origin)}`;
      }
      return issue.inclusive ? `Enter ${issue.minimum.toString()} or more` : `Enter more than ${issue.minimum.toString()}`;
    }
    case "too_big": {
      const origin = String(issue.origin);
      if (origin in sizeUnit) return issue.exact ? `Use exactly ${count(issue.maximum, origin)}` : `Use at most ${count(issue.maximum, origin)}`;
      return issue.inclusive ? `Enter ${issue.maximum.toString()} or less` : `Enter less than ${issue.maximum.toString()}`;
    }
    case "invalid_format": {
      const name = formatName[String(issue.format)];
      return name ? `Enter ${name}` : "Check how this is written";
    }
    case "invalid_value":
      return issue.values.length === 1 ? `This must be ${JSON.stringify(issue.values[0])}` : "Choose one of the options offered";
    case "not_multiple_of":
      return `Use a multiple of ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return `Not a field this takes: ${issue.keys.join(", ")}`;
    case "invalid_union":
      if (issue.input === undefined || issue.input === null) return "This is required";
      return "This value is not one of those allowed here";
    default:
      return undefined;
  }
}

z.config({ customError: staffMessage });

/** What staff call a field of a sale, refund or drawer event, where its name on the wire would not say it. */
const fieldNames: Record<string, string> = {
  items: "item",
  lines: "line",
  tenders: "payment",
  counted: "counted amount",
  unitPrice: "price",
  productId: "product",
  product: "new product",
  sku: "SKU",
  clientTimestamp: "time",
  externalId: "id",
  saleExternalId: "sale’s id",
  originalSaleId: "original sale",
  originalExternalId: "original sale",
  cashierId: "cashier",
  tillId: "till",
  zNumber: "Z report number",
};

/**
 * Where in a sale (or refund, drawer event) an issue is, in words staff read next to its message
 * where there is no form field to put it by (a till's rejected sale on the Needs review page and
 * at the till): ["items", 0, "unitPrice"] → "Item 1 price", ["clientTimestamp"] → "Time". Other
 * names are split into words ("receiptNumber" → "receipt number"); "" for the whole value.
 */
export function describeIssuePath(path: readonly PropertyKey[]): string {
  const words = path.map((key) =>
    typeof key === "number"
      ? String(key + 1)
      : (fieldNames[String(key)] ??
        String(key)
          .replace(/([a-z])([A-Z])/g, "$1 $2")
          .replaceAll("_", " ")
          .toLowerCase()),
  );
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

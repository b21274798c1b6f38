// What staff read when a value is refused (issue 21): the admin app's forms show these schemas'
// messages next to their fields, the till shows the zod-free checks' (moneyText, priceText,
// quantityText), and a till's rejected sale shows describeIssuePath + the message on the Needs
// review page. Each is written for staff: what to enter, not how the validator works, and no
// number a shop's locale writes differently ("99999999.99" reads "99.999.999,99" in de-DE), so
// the same words hold in every shop, on the server and in the browser.
import type { z } from "zod";
import { describe, expect, it } from "vitest";

import {
  describeIssuePath,
  localDate,
  money,
  moneyText,
  price,
  priceText,
  productCreateInput,
  productUpdateInput,
  quantity,
  quantityText,
  restockInput,
  saleInput,
  shopUpdateInput,
  stockCountInput,
  stockDelta,
  tenderInput,
} from "../src";

const messagesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return result.error.issues.map((issue) => issue.message);
};

/** Validator jargon, and numbers written in one locale's way (a decimal point or comma between digits, four digits or more in a row). */
const JARGON = /decimal number|must be|must not|Invalid|expected|ISO|NUL|\d[.,]\d|\d{4,}/;

describe("the admin app's product form (the newcomer's find)", () => {
  it.each([
    ["a negative price", { name: "Milk", unitPrice: "-1" }, "unitPrice", "Enter a price of 0 or more, with at most 2 decimals"],
    ["a price with three decimals", { name: "Milk", unitPrice: "1.005" }, "unitPrice", "Enter a price of 0 or more, with at most 2 decimals"],
    ["a price that is no number", { name: "Milk", unitPrice: "two" }, "unitPrice", "Enter a price of 0 or more, with at most 2 decimals"],
    ["a price of 100 million", { name: "Milk", unitPrice: "100000000" }, "unitPrice", "Enter a price below 100 million"],
    ["a negative stock on hand", { name: "Milk", initialStock: "-2" }, "initialStock", "Enter a stock level of 0 or more, with at most 3 decimals"],
    [
      "a reorder level with four decimals",
      { name: "Milk", reorderLevel: "1.0005" },
      "reorderLevel",
      "Enter a reorder level of 0 or more, with at most 3 decimals",
    ],
    ["a reorder level of a billion", { name: "Milk", reorderLevel: "1e9" }, "reorderLevel", "Enter a reorder level below 1 billion"],
  ])("%s", (_, value, field, message) => {
    const result = productCreateInput.safeParse(value);
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([[field, message]]);
  });

  it("edit, restock and count say the same", () => {
    expect(messagesOf(productUpdateInput, { id: 1, unitPrice: "-0.01" })).toEqual(["Enter a price of 0 or more, with at most 2 decimals"]);
    expect(messagesOf(restockInput, { productId: 1, quantity: "0" })).toEqual(["Enter a quantity more than 0, with at most 3 decimals"]);
    expect(messagesOf(restockInput, { productId: 1, quantity: "-3" })).toEqual(["Enter a quantity more than 0, with at most 3 decimals"]);
    expect(messagesOf(restockInput, { productId: 1, quantity: "10000000" })).toEqual(["Enter a quantity below 10 million"]);
    expect(messagesOf(stockCountInput, { productId: 1, countedStock: "x" })).toEqual(["Enter a stock level of 0 or more, with at most 3 decimals"]);
    expect(messagesOf(productCreateInput, { name: "Milk", unitPrice: null })).toEqual(["This is required"]);
  });
});

describe("amounts, quantities and stock in every form and at the till", () => {
  it("words each kind of decimal for what it is", () => {
    expect(messagesOf(money, "-5")).toEqual(["Enter an amount of 0 or more, with at most 2 decimals"]);
    expect(messagesOf(money, "1e8")).toEqual(["Enter an amount below 100 million"]);
    expect(messagesOf(tenderInput, { method: "cash", amount: "1.234" })).toEqual(["Enter an amount of 0 or more, with at most 2 decimals"]);
    expect(messagesOf(shopUpdateInput, { payoutReviewAbove: "-20" })).toEqual(["Enter an amount of 0 or more, with at most 2 decimals"]);
    expect(messagesOf(stockDelta, "0")).toEqual(["Enter a stock change other than 0, with at most 3 decimals"]);
    expect(messagesOf(stockDelta, "-1000000000")).toEqual(["Enter a stock change of less than 1 billion either way"]);
    expect(messagesOf(saleInput, { externalId: "550e8400-e29b-41d4-a716-446655440000", items: [{ productId: 1, quantity: "1", unitPrice: "-1" }] })).toEqual([
      "Enter a price of 0 or more, with at most 2 decimals",
    ]);
  });

  it("the till's zod-free checks say what the schemas say", () => {
    expect(priceText.safeParse("-1")).toEqual({ success: false, error: { issues: [{ message: "Enter a price of 0 or more, with at most 2 decimals" }] } });
    expect(moneyText.safeParse("12345678901")).toEqual({ success: false, error: { issues: [{ message: "Enter an amount below 100 million" }] } });
    expect(quantityText.safeParse("0")).toEqual({ success: false, error: { issues: [{ message: "Enter a quantity more than 0, with at most 3 decimals" }] } });
  });

  it.each([
    ["money", money],
    ["price", price],
    ["quantity", quantity],
    ["stock change", stockDelta],
  ] as const)("no %s message has jargon or a number written one locale's way", (_, schema) => {
    for (const value of ["-1", "0", "1.00001", "abc", "", "1e12", "-1e12", "1,5", 0.1 + 0.2, Number.NaN, true]) {
      const result = schema.safeParse(value);
      if (!result.success) for (const issue of result.error.issues) expect(issue.message, JSON.stringify(value)).not.toMatch(JARGON);
    }
  });
});

describe("other fields staff fill in", () => {
  it.each([
    ["a currency that is no code", shopUpdateInput, { currency: "euro" }, "Enter the currency’s three-letter code, e.g. EUR, GBP or USD"],
    ["a time zone nobody knows", shopUpdateInput, { timezone: "Mars/Olympus" }, "Pick a time zone from the list, e.g. Europe/Berlin"],
    [
      "a shop name with a NUL character",
      shopUpdateInput,
      { name: "Corner\u0000Shop" },
      "This text has a character that cannot be saved (a control or broken character): type it again without it",
    ],
    ["a date before year 1000", localDate, "0999-12-31", "Pick a date in the year 1000 or later"],
  ])("%s", (_, schema, value, message) => {
    expect(messagesOf(schema, value)).toEqual([message]);
  });
});

describe("where in a till's sale a problem is (rejected sales on Needs review)", () => {
  it.each([
    [["items", 0, "quantity"], "Item 1 quantity"],
    [["items", 2, "unitPrice"], "Item 3 price"],
    [["items", 0, "product", "name"], "Item 1 new product name"],
    [["tenders", 1, "amount"], "Payment 2 amount"],
    [["clientTimestamp"], "Time"],
    [["receiptNumber"], "Receipt number"],
    [["saleExternalId"], "Sale’s id"],
    [[], ""],
  ] as const)("%j is %j", (path, words) => {
    expect(describeIssuePath(path)).toBe(words);
  });
});

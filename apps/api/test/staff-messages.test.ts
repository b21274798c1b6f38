// Messages staff read come over the wire in words for staff (issue 21: a newcomer saw "Amount
// must be a decimal number with at most 2 decimals and at most 99999999.99" in the product
// form), while what integrators program against stays as it was: the tRPC code and appCode, the
// field's path in zodError and issues, the REST status, `code` and DRF-style field lists, a sync
// result's `code`. No message writes a number in one locale's way ("99999999.99").
import { randomUUID } from "node:crypto";

import { createApiKey, createProduct } from "@tillsync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { json, serveCornerShop } from "./server";

type Shop = Awaited<ReturnType<typeof serveCornerShop>>;
let shop: Shop;
let manager: string;

beforeAll(async () => {
  shop = await serveCornerShop({ RATE_LIMIT_API_KEY: 0 });
  manager = (await createApiKey(shop.db.prisma, { shopId: shop.shopId, name: "stock-tool", role: "manager" })).key;
});
afterAll(() => shop?.close());

const post = (path: string, body: unknown, key = manager) =>
  fetch(`${shop.base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
const mutation = (path: string, input: unknown, key = manager) => post(`/trpc/${path}`, { json: input }, key);

/** A locale would write these differently: a decimal point or comma between digits, or four digits or more in a row. */
const LOCALE_NUMBER = /\d[.,]\d|\d{4,}/;

describe("what staff read, and what integrators keep", () => {
  it("tRPC: a negative price is BAD_REQUEST naming unitPrice, in words for staff", async () => {
    const res = await mutation("product.create", { name: "Milk", unitPrice: "-1" });
    expect(res.status).toBe(400);
    const { data } = (await json(res)).error.json;
    expect(data).toMatchObject({
      code: "BAD_REQUEST",
      appCode: null,
      zodError: { fieldErrors: { unitPrice: ["Enter a price of 0 or more, with at most 2 decimals"] } },
      issues: [{ path: "unitPrice", message: "Enter a price of 0 or more, with at most 2 decimals" }],
    });
    const tooBig = (await json(await mutation("product.create", { name: "Milk", unitPrice: "99999999.999" }))).error.json.data;
    expect(tooBig.zodError.fieldErrors.unitPrice).toEqual(["Enter a price of 0 or more, with at most 2 decimals"]);
    const huge = (await json(await mutation("product.restock", { productId: shop.productId, quantity: "10000000" }))).error.json.data;
    expect(huge.zodError.fieldErrors.quantity).toEqual(["Enter a quantity below 10 million"]);
  });

  it("REST: the seed's clients still read DRF-style field lists and the same codes", async () => {
    const res = await post(
      "/api/sales/",
      {
        external_id: randomUUID(),
        items: [
          { product: shop.productId, quantity: "0" },
          { product: shop.productId, quantity: "1", unit_price: "-1" },
        ],
      },
      shop.key,
    );
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      code: "BAD_REQUEST",
      items: [{ quantity: ["Enter a quantity more than 0, with at most 3 decimals"] }, { unit_price: ["Enter a price of 0 or more, with at most 2 decimals"] }],
    });
  });

  it("sale.sync: a rejected sale keeps its code; its reason, shown on Needs review and at the till, says where in words", async () => {
    const res = await mutation(
      "sale.sync",
      {
        sales: [
          {
            externalId: randomUUID(),
            items: [
              { productId: shop.productId, quantity: "1" },
              { productId: shop.productId, quantity: "-2" },
            ],
          },
          { externalId: randomUUID(), clientTimestamp: "yesterday at noon", items: [{ productId: shop.productId, quantity: "1" }] },
        ],
      },
      shop.key,
    );
    expect(res.status).toBe(200);
    const { results } = (await json(res)).result.data.json;
    expect(results.map((r: { status: string; error?: unknown }) => [r.status, r.error])).toEqual([
      ["rejected", { code: "INVALID_INPUT", message: "Item 2 quantity: Enter a quantity more than 0, with at most 3 decimals" }],
      [
        "rejected",
        {
          code: "INVALID_INPUT",
          message: "Time: The sale’s time is not a date and time Tillsync can read: write it like 2026-01-31 14:30, or 2026-01-31T14:30:00Z with the offset",
        },
      ],
    ]);
  });

  it("a stock past what can be recorded: AMOUNT_OUT_OF_RANGE as before, the limit in words", async () => {
    const { id } = await createProduct(shop.db.prisma, { shopId: shop.shopId }, { name: "Rice", unitPrice: "1.00", isVolatile: false, initialStock: "1" });
    // Only a test reaches this stock: the ledger would take ten thousand restocks of the largest quantity.
    await shop.db.prisma.$executeRaw`UPDATE product SET stock = 99999999999 WHERE id = ${id}`;
    const res = await mutation("product.restock", { productId: id, quantity: "1" });
    expect(res.status).toBe(400);
    const error = (await json(res)).error.json;
    expect(error.data).toMatchObject({ code: "BAD_REQUEST", appCode: "AMOUNT_OUT_OF_RANGE" });
    expect(error.message).toBe("The stock of Rice would go beyond what can be recorded (100 billion either way).");
    expect(error.message).not.toMatch(LOCALE_NUMBER);
  });
});

// The shop's GS1 variable-measure label prefixes (DESIGN.md §9): owners set them, every
// staff member's till reads them with shop.current, bad rules are typed 400s that write
// nothing. Real PostgreSQL, through the tRPC stack.
import { gs1Preset } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { newShop, rejection, useTestDatabase } from "./helpers";

const t = useTestDatabase();

const weight21 = { prefix: "21", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false } as const;
const price28 = { prefix: "28", measure: "price", itemStart: 3, itemLength: 4, valueLength: 5, verifierDigit: true } as const;

describe("shop scan prefixes", () => {
  it("none by default; owners set and clear them; the till's shop.current carries them", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    expect((await shop.cashier.shop.current()).shop.scanPrefixes).toEqual([]);

    expect((await owner.shop.update({ scanPrefixes: [weight21, { ...price28, prefix: " 28 " }] })).scanPrefixes).toEqual([weight21, price28]);
    expect((await shop.cashier.shop.current()).shop.scanPrefixes).toEqual([weight21, price28]);
    // Other settings leave them as they are.
    expect((await owner.shop.update({ name: "Deli" })).scanPrefixes).toEqual([weight21, price28]);

    expect((await owner.shop.update({ scanPrefixes: gs1Preset("weight") })).scanPrefixes).toHaveLength(10);
    expect((await owner.shop.update({ scanPrefixes: [] })).scanPrefixes).toEqual([]);
  });

  it("refuses bad rules with a typed 400 and keeps what was stored; only owners change them", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    await owner.shop.update({ scanPrefixes: [weight21] });
    for (const scanPrefixes of [
      [{ ...weight21, prefix: "30" }],
      [{ ...weight21, itemLength: 6 }],
      [{ ...weight21, valueLength: 6 }],
      [{ ...weight21, measure: "volume" }],
      [weight21, { ...weight21, prefix: "210", itemStart: 4, itemLength: 4 }],
      Array.from({ length: 31 }, (_, i) => ({ ...weight21, prefix: `2${String(i).padStart(2, "0")}`, itemStart: 4, itemLength: 4 })),
      "21",
    ]) {
      const error = await rejection(owner.shop.update({ scanPrefixes } as never));
      expect(error.code).toBe("BAD_REQUEST");
    }
    expect((await rejection(shop.manager.shop.update({ scanPrefixes: [] }))).code).toBe("FORBIDDEN");
    expect((await shop.cashier.shop.current()).shop.scanPrefixes).toEqual([weight21]);
  });
});

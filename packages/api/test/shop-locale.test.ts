// The shop's locale (issue 21): null (the browser's language) by default; owners set it in
// its canonical spelling and clear it; every staff member's shop.current carries it; a tag
// Intl does not know is a typed 400 with a message for staff, and writes nothing.
// Real PostgreSQL, through the tRPC stack.
import { describe, expect, it } from "vitest";

import { newShop, rejection, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("shop locale", () => {
  it("none by default; owners set and clear it; the till's shop.current carries it", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    expect((await shop.cashier.shop.current()).shop.locale).toBeNull();
    expect((await owner.shop.update({ locale: "de-de" })).locale).toBe("de-DE");
    expect((await shop.cashier.shop.current()).shop.locale).toBe("de-DE");
    expect((await owner.shop.update({ name: "Bäckerei" })).locale).toBe("de-DE");
    expect((await owner.shop.update({ locale: null })).locale).toBeNull();
  });

  it("refuses an unknown tag with a message for staff, and only owners change it", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    await owner.shop.update({ locale: "fr-FR" });
    const error = await rejection(owner.shop.update({ locale: "klingon please" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("is not a language and region this app knows");
    expect((await rejection(shop.manager.shop.update({ locale: "de-DE" }))).code).toBe("FORBIDDEN");
    expect((await shop.cashier.shop.current()).shop.locale).toBe("fr-FR");
  });
});

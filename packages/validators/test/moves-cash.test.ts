// Whether cash changed hands (DESIGN.md §8): what the server flags as `cashWithoutDrawer` outside
// a drawer session and what the till warns about before Confirm, decided by one function.
import { describe, expect, it } from "vitest";

import { movesCash, settleTenders } from "../src";

describe("movesCash", () => {
  it("is true for cash settled or handed over, false for card, other methods, no tenders, and a split paid whole by card", () => {
    expect(movesCash([{ method: "cash", amount: "2.50", tendered: "5.00" }])).toBe(true);
    expect(movesCash([{ method: "cash", amount: "2.50" }])).toBe(true);
    // Cash handed over for a cash part of 0 (all given back as change) still changed hands.
    expect(movesCash([{ method: "cash", amount: "0", tendered: "5" }])).toBe(true);
    expect(movesCash([{ method: "card", amount: "2.50" }])).toBe(false);
    expect(movesCash([{ method: "other", amount: "2.50" }])).toBe(false);
    expect(movesCash(undefined)).toBe(false);
    expect(movesCash([])).toBe(false);
    // What the till's payment step sends for "Cash + card" with the whole total on the card.
    expect(
      movesCash([
        { method: "cash", amount: "0.00", tendered: "0.00" },
        { method: "card", amount: "2.50" },
      ]),
    ).toBe(false);
  });

  it("reads settled tenders as the server stores them (tendered null when none)", () => {
    expect(movesCash(settleTenders("2.50", [{ method: "cash", amount: "2.50" }], null).tenders)).toBe(true);
    expect(movesCash(settleTenders("2.50", [{ method: "card", amount: "2.50" }], null).tenders)).toBe(false);
  });
});

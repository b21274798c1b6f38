import { describe, expect, it } from "vitest";

import { safeNext } from "../src/redirect";

describe("safeNext: where sign-in may send someone (issue 19)", () => {
  it.each([
    ["/", "/"],
    ["/products", "/products"],
    ["/products?q=milk&page=2", "/products?q=milk&page=2"],
    ["/sales#today", "/sales#today"],
    ["/staff/../devices", "/devices"],
    // A percent-escaped backslash stays an escape in a path: a page of this app (a 404), not another site.
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the app's own path %j → %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [""],
    ["products"],
    ["//evil.example"],
    ["///evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\\/evil.example"],
    ["https://evil.example/"],
    ["http:evil.example"],
    ["javascript:alert(1)"],
    ["/\tjavascript:alert(1)"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/ /evil.example".replace(" ", "\u0000")],
    ["data:text/html,<script>alert(1)</script>"],
  ])("refuses %j", (next) => {
    expect(safeNext(next)).toBe("/");
  });

  it("what the address bar's ?next=/%5Cevil.example decodes to is refused", () => {
    expect(safeNext(new URLSearchParams("next=/%5Cevil.example").get("next"))).toBe("/");
  });

  it("falls back to the caller's page", () => {
    expect(safeNext("//evil.example", "/pos")).toBe("/pos");
  });
});

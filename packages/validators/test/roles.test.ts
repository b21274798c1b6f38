import { describe, expect, it } from "vitest";

import { apiKeyRole, canAdminister, canManage, roles } from "../src";

// DESIGN.md §4, as a table: who may manage the shop's stock and who may administer it.
describe("roles", () => {
  it("owners administer; owners and managers manage; cashiers and tills do neither", () => {
    expect(roles.map((role) => [role, canManage(role), canAdminister(role)])).toEqual([
      ["owner", true, true],
      ["manager", true, false],
      ["cashier", false, false],
      ["device", false, false],
    ]);
  });

  it("an API key has the rights of its role: a manager key manages, a till key sells", () => {
    expect(apiKeyRole("manager")).toBe("manager");
    expect(apiKeyRole("device")).toBe("device");
  });
});

// Messages for staff (issue 21): no zod jargon reaches a form or an API error. Each case is a
// schema of this package refusing a value the way a form or an integrator would send it.
import type { z } from "zod";
import { describe, expect, it } from "vitest";

import { analyticsByProductInput, productCreateInput, shopUpdateInput, staffInviteInput } from "../src";

const firstMessage = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a refusal");
  return result.error.issues.map((issue) => issue.message);
};

describe("messages for staff", () => {
  it.each([
    ["an empty product name (its own words)", productCreateInput, { name: "", unitPrice: "1.00" }, "Name is required"],
    ["a missing email", staffInviteInput, { role: "cashier" }, "This is required"],
    ["an empty tender name", shopUpdateInput, { tenderLabels: ["Voucher", "x".repeat(65)] }, "Use at most 64 characters"],
    ["a shop name too long", shopUpdateInput, { name: "x".repeat(121) }, "Use at most 120 characters"],
    [
      "a backwards range",
      analyticsByProductInput,
      { productId: 1, period: "daily", startDate: "2026-03-10", endDate: "2026-03-01" },
      "The end date is before the start date: pick an end date on or after it",
    ],
    [
      "an unknown period",
      analyticsByProductInput,
      { productId: 1, period: "hourly", startDate: "2026-03-01", endDate: "2026-03-01" },
      "Choose one of the options offered",
    ],
    ["a product id of 0", analyticsByProductInput, { productId: 0, period: "daily", startDate: "2026-03-01", endDate: "2026-03-01" }, "Enter more than 0"],
    ["an email that is not one", staffInviteInput, { email: "olivia", role: "cashier" }, "Enter an email address like name@example.com"],
  ])("%s", (_, schema, value, message) => {
    const messages = firstMessage(schema, value);
    expect(messages).toContain(message);
    for (const text of messages) expect(text).not.toMatch(/Too (small|big)|expected|Invalid input|>=|<=/);
  });
});

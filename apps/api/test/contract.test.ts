// The REST contract check (contract.ts) can fail: answers shaped the way Tillsync answered
// before issue 20, or otherwise wrong, are each reported as a fault; the right answer is not.
import { describe, expect, it } from "vitest";

import { contractFaults, type RecordedAnswer } from "./contract";

const json = { "content-type": "application/json; charset=utf-8", "x-request-id": "r-1" };
const answer = (status: number, body: unknown, headers: Record<string, string> = {}, method = "POST", url = "/api/sales/"): RecordedAnswer => ({
  method,
  url,
  status,
  headers: { ...json, ...headers },
  body: JSON.stringify(body),
});

const analytics = (figure: unknown) => ({
  product: { id: 1, name: "Rice", sku: null, is_volatile: false, unit_price: 2.5, stock: 3, reorder_level: null },
  product_name: "Rice",
  start_date: "2024-01-01",
  end_date: "2024-01-07",
  period: "weekly",
  timezone: "Europe/Berlin",
  total_quantity_sold: figure,
  total_revenue: 2.5,
  average_unit_price: 2.5,
  sale_count: 1,
  period_breakdown: [{ period_start: "2024-01-01", quantity: 1, revenue: 2.5, sale_count: 1 }],
});
const analyticsUrl = "/api/sales/analytics/?product_id=1&start_date=2024-01-01&end_date=2024-01-07&period=weekly";

describe("the REST contract check", () => {
  it("passes answers shaped as the document says", async () => {
    expect(await contractFaults(answer(422, { detail: "used", code: "IDEMPOTENCY_KEY_REUSED", request_id: "r-1", stored_sale_id: 4 }))).toEqual([]);
    expect(await contractFaults(answer(400, { items: [{}, { quantity: ["no"] }], detail: "bad", code: "BAD_REQUEST", request_id: "r-1" }))).toEqual([]);
    expect(await contractFaults(answer(200, analytics(1.5), {}, "GET", analyticsUrl))).toEqual([]);
    expect(await contractFaults(answer(429, { detail: "wait", code: "TOO_MANY_REQUESTS", request_id: "r-1" }, { "retry-after": "3" }))).toEqual([]);
  });

  it.each<[string, RecordedAnswer]>([
    [
      "the pre-issue-20 error shape (message, requestId, issues)",
      answer(400, { message: "Input validation failed", code: "BAD_REQUEST", requestId: "r-1", issues: [{ path: "items.0.quantity", message: "no" }] }),
    ],
    ["a code the status does not carry", answer(404, { detail: "x", code: "UNPROCESSABLE_CONTENT", request_id: "r-1" })],
    ["a 422 without stored_sale_id", answer(422, { detail: "used", code: "IDEMPOTENCY_KEY_REUSED", request_id: "r-1" })],
    ["a status the operation does not document", answer(418, { detail: "teapot", code: "BAD_REQUEST", request_id: "r-1" })],
    ["a 429 without Retry-After", answer(429, { detail: "wait", code: "TOO_MANY_REQUESTS", request_id: "r-1" })],
    ["analytics figures as strings (the pre-issue-20 shape)", answer(200, analytics("1.500"), {}, "GET", analyticsUrl)],
    ["the product as an id, not the object", answer(200, { ...analytics(1.5), product: 1 }, {}, "GET", analyticsUrl)],
    ["a path the document does not have, answered 200", answer(200, {}, {}, "GET", "/api/refunds/")],
    ["a method the path does not answer, answered 404", answer(404, { detail: "x", code: "NOT_FOUND", request_id: "r-1" }, {}, "GET", "/api/sales/")],
  ])("reports %s", async (_name, wrong) => {
    expect((await contractFaults(wrong)).length).toBeGreaterThan(0);
  });
});

// A sale the server refuses for good is set aside with its reason, stays visible, and
// does not hold back the sales queued after it (DESIGN.md §5).
import { afterAll, expect, test } from "vitest";

import { launchBrowser, screenshot, signUpShop } from "./harness";
import { connectDb, createProduct, openPos, outboxOf, ringUp, shopIdOf, storedSaleIds, waitForCount } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

test("a sale of a product deleted on the server is rejected with its reason; the next sales sync", async () => {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await signUpShop(context);
  const shopId = await shopIdOf(context);
  await createProduct(context, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const gone = await createProduct(context, { name: "Gift wrap", unitPrice: "3.00", isVolatile: true });
  const page = await context.newPage();
  await openPos(page, "Gift wrap");

  await context.setOffline(true);
  await ringUp(page, [{ name: "Apples" }], 1);
  await ringUp(page, [{ name: "Gift wrap", price: "3.50" }], 2);
  await ringUp(page, [{ name: "Apples", quantity: "3" }], 3);
  // While the till is offline the product disappears from the server (it had never been sold).
  await db.query("DELETE FROM product WHERE id = $1 AND shop_id = $2", [gone.id, shopId]);
  const [first, refused, last] = await outboxOf(page, shopId);

  await context.setOffline(false);
  await waitForCount(page, "Synced", 2);
  await waitForCount(page, "Rejected", 1);
  await waitForCount(page, "Pending", 0);
  expect(await storedSaleIds(db, shopId)).toEqual([first!.externalId, last!.externalId]);

  // Kept, with the server's reason, across a reload.
  await page.reload();
  await waitForCount(page, "Rejected", 1);
  await page.getByRole("button", { name: /1 rejected sale/ }).click();
  const item = page.getByRole("list", { name: "Rejected sales" }).getByRole("listitem");
  // The product is gone from the server and the catalogue; the till still names it.
  await item
    .filter({ hasText: "PRODUCT_NOT_FOUND" })
    .filter({ hasText: `product ${gone.id} not found` })
    .filter({ hasText: "1 × Gift wrap at €3.50" })
    .waitFor();
  expect(await item.getAttribute("data-external-id")).toBe(refused!.externalId);
  expect(await item.count()).toBe(1);
  await screenshot(page, "pos-820x1180-rejected");
  expect((await outboxOf(page, shopId)).map((entry) => [entry.status, entry.rejection?.code])).toEqual([
    ["synced", undefined],
    ["rejected", "PRODUCT_NOT_FOUND"],
    ["synced", undefined],
  ]);
});

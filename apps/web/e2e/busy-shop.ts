// A shop with something on every page, at a real shop's size and with the names real shops
// give things (issue 21): long product names (one a single long German compound word, which
// cannot wrap at a space), many products, sales on several days with cash, card and split
// payments, a refund and a payment that does not add up (Needs review), a till with a closed
// drawer session (Cash-up), low-stock alerts, device keys (one used), staff and an open invitation.
// Used by the phone layout test and the German shop test, which visit every page with it.
import type { BrowserContext } from "playwright-core";

import { baseUrl, trpc, uniqueEmail } from "./harness";
import { createProduct } from "./pos-helpers";

/** A name with no space to wrap at: a layout must break it or give it room. */
export const LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenbrot";
/** A long product name with spaces, as a shop's supplier writes them. */
export const LONG_NAME = "Organic wholegrain spelt sourdough loaf with sunflower, pumpkin and flax seeds (800 g, sliced)";

export interface BusyShop {
  /** The product with the long name: sold, restocked, with movements. */
  productId: number;
  /** A sale of it, paid cash + card, partly refunded. */
  saleId: number;
  tillId: number;
  /** A token of the open invitation (accept-invite page). */
  inviteToken: string;
  /** Names of every product, in creation order. */
  productNames: string[];
}

/** An instant `daysAgo` days and `minutesAgo` minutes before now (never in the future: that is a wrong till clock). */
const day = (daysAgo: number, minutesAgo: number) => new Date(Date.now() - daysAgo * 86_400_000 - minutesAgo * 60_000).toISOString();

/**
 * Fills the shop `owner` (an owner's signed-in context) with data; `cashier` is signed in as a
 * second staff member on the way (refunds are rung up by them). Takes about 10 s.
 */
export async function seedBusyShop(owner: BrowserContext, cashier: BrowserContext): Promise<BusyShop> {
  const long = await createProduct(owner, { name: LONG_NAME, sku: "5901234123457-SPELT-SOURDOUGH-800G", unitPrice: "1234.50", initialStock: "40" });
  const word = await createProduct(owner, { name: LONG_WORD, unitPrice: "3.85", initialStock: "12" });
  await trpc(owner, "product.update", { id: word.id, reorderLevel: "10" }, "mutation");
  const loose = await createProduct(owner, { name: "Loose Braeburn apples from the orchard down the road, per kg", unitPrice: "2.49", isVolatile: true });
  const names = [LONG_NAME, LONG_WORD, "Loose Braeburn apples from the orchard down the road, per kg"];
  const more = Array.from({ length: 45 }, (_, i) => `Free-range eggs from Hof Sonnenschein, box of ${i + 6}, size M–L`);
  for (let i = 0; i < more.length; i += 15) {
    await Promise.all(more.slice(i, i + 15).map((name, j) => createProduct(owner, { name, unitPrice: `${i + j + 1}.05`, initialStock: "25" })));
  }
  names.push(...more);

  const till = await trpc<{ id: number }>(owner, "till.create", { name: "Front counter by the window (tablet)", series: "FRONT" }, "mutation");
  const sessionId = crypto.randomUUID();
  const drawer = (fields: Record<string, unknown>) =>
    trpc(owner, "drawer.record", { type: "drawer", externalId: crypto.randomUUID(), tillId: till.id, sessionId, ...fields }, "mutation");
  await drawer({ kind: "open", amount: "150.00", clientTimestamp: day(0, 60) });

  const sale = async (fields: Record<string, unknown>) =>
    (
      await trpc<{ sale: { id: number } }>(
        owner,
        "sale.create",
        { externalId: crypto.randomUUID(), tillId: till.id, drawerSessionId: sessionId, ...fields },
        "mutation",
      )
    ).sale.id;
  // 1 × 1234.50 + 2 × 3.85 = 1242.20: 1000 by card, 242.20 in cash from 250.
  const saleId = await sale({
    clientTimestamp: day(0, 50),
    items: [
      { productId: long.id, quantity: "1" },
      { productId: word.id, quantity: "2" },
    ],
    tenders: [
      { method: "card", amount: "1000.00", reference: "APPROVAL-0042-XY" },
      { method: "cash", amount: "242.20", tendered: "250.00" },
    ],
  });
  await sale({
    clientTimestamp: day(0, 45),
    items: [{ productId: loose.id, quantity: "1.235", unitPrice: "2.49" }],
    tenders: [{ method: "cash", amount: "3.08" }],
  });
  // A payment that does not add up: recorded and flagged for review.
  await sale({ clientTimestamp: day(0, 40), items: [{ productId: word.id, quantity: "1" }], tenders: [{ method: "card", amount: "3.00" }] });
  for (let i = 0; i < 24; i++) {
    await sale({
      clientTimestamp: day(i % 6, 30 - i),
      items: [{ productId: long.id, quantity: "1" }],
      tenders: [{ method: i % 2 ? "card" : "cash", amount: "1234.50" }],
    });
  }
  await drawer({ kind: "payIn", amount: "20.00", reason: "Change from the bank", clientTimestamp: day(0, 4) });
  await drawer({ kind: "payOut", amount: "75.50", reason: "Window cleaner (monthly, paid in cash)", clientTimestamp: day(0, 3) });
  await drawer({
    kind: "close",
    zNumber: 1,
    counted: [
      { method: "cash", amount: "4100.00" },
      { method: "card", amount: "15814.00" },
    ],
    clientTimestamp: day(0, 2),
  });

  const { token: cashierToken } = await trpc<{ token: string }>(
    owner,
    "staff.invite",
    { email: uniqueEmail("cara.cashier-with-a-long-address"), role: "cashier" },
    "mutation",
  );
  const accepted = await cashier.request.post(`${baseUrl()}/api/auth/invite/accept`, {
    data: { token: cashierToken, name: "Cara-Josephine Cashier-Müller", password: "correct-horse-battery" },
  });
  if (!accepted.ok()) throw new Error(`invite/accept: ${accepted.status()} ${await accepted.text()}`);
  await trpc(
    cashier,
    "sale.refund",
    {
      type: "refund",
      externalId: crypto.randomUUID(),
      originalSaleId: saleId,
      lines: [{ lineNo: 2, quantity: "1", restock: true }],
      tenders: [{ method: "cash", amount: "3.85" }],
      reason: "The customer changed their mind at the door",
    },
    "mutation",
  );
  await trpc(owner, "product.restock", { productId: long.id, quantity: "12.5", note: "Delivery from Bäckerei Sommer, invoice 2026-11-30/0042" }, "mutation");

  const { key } = await trpc<{ key: string }>(owner, "apiKey.create", { name: "pos-02-front-counter-tablet-by-the-window", role: "device" }, "mutation");
  // The tablet has used its key, so Devices shows a "Last used" time (wider in German: "1. Dez. 2026, 15:14").
  const used = await fetch(`${baseUrl()}/trpc/shop.current`, { headers: { authorization: `Bearer ${key}` } });
  if (!used.ok) throw new Error(`device key: ${used.status} ${await used.text()}`);
  await trpc(owner, "apiKey.create", { name: "stock-report-job-nightly", role: "manager" }, "mutation");
  const { token: inviteToken } = await trpc<{ token: string }>(
    owner,
    "staff.invite",
    { email: uniqueEmail("maximilian.manager-schmidt"), role: "manager" },
    "mutation",
  );
  return { productId: long.id, saleId, tillId: till.id, inviteToken, productNames: names };
}

/** Every signed-in page of the admin app, with the data `shop` gives them: path, its h1, a short name for screenshots. */
export const busyShopPages = (shop: BusyShop): [path: string, heading: string | RegExp, name: string][] => [
  ["/", "Today at a glance", "dashboard"],
  ["/products", "Products", "products"],
  [`/products/${shop.productId}`, LONG_NAME, "product-detail"],
  ["/sales", "Sales", "sales"],
  [`/sales/${shop.saleId}`, /^Sale /, "sale-detail"],
  ["/cash-up", /Cash-up/, "cash-up"],
  ["/alerts", "Low-stock alerts", "alerts"],
  ["/review", "Needs review", "review"],
  [`/analytics?product=${shop.productId}`, "Product analytics", "analytics"],
  ["/analytics?view=tenders", /tender/i, "analytics-tenders"],
  ["/tills", "Tills", "tills"],
  ["/audit", "Activity log", "audit"],
  ["/devices", "Devices", "devices"],
  ["/staff", "Staff", "staff"],
  ["/settings", "Shop settings", "settings"],
];

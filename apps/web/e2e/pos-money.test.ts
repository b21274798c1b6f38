// The till's money offline from start to end (issue 17, DESIGN.md §8): a claimed till opens a
// drawer session with a float, takes ten sales in cash (with change), card and split tenders,
// pays out, refunds part of a sale, prints an X report and closes with a counted amount (not
// before every count is entered: an empty one is not 0; closed by keyboard, the Z report's Done
// puts focus on "Open drawer") — all with no network. Back online with two tabs open, the
// server's Z report equals the one the till showed, to the cent, and every sale, refund and
// drawer event is recorded exactly once.
import { tz } from "@date-fns/tz";
import type { DrawerSessionReportDTO, TillDTO } from "@tillsync/validators";
import { format } from "date-fns";
import type { Page } from "playwright-core";
import { afterAll, expect, test } from "vitest";

import { launchBrowser, signUpShop, trpc } from "./harness";
import {
  connectDb,
  createProduct,
  drawerAction,
  goOffline,
  openPos,
  outboxOf,
  ringUp,
  shopIdOf,
  shownReport,
  waitForCount,
  type Payment,
  type SaleLine,
  type ShownReport,
} from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

test("offline: float, ten sales in cash, card and split, a pay-out, a partial refund, X and Z reports; online with two tabs the server's Z report is the till's", async () => {
  const owner = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await createProduct(owner, { name: "Milk", unitPrice: "0.99", initialStock: "50" });
  await createProduct(owner, { name: "Bread", unitPrice: "2.35", initialStock: "30" });
  const till = await trpc<TillDTO>(owner, "till.create", { name: "Front", series: "A" }, "mutation");
  const shopId = await shopIdOf(owner);

  // Online: the browser becomes the till.
  const page = await owner.newPage();
  await openPos(page, "Apples");
  await page.getByRole("button", { name: "Choose this till" }).click();
  await page.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: "Front" }).click();
  await page.getByRole("region", { name: "Till" }).filter({ hasText: "Till Front (A)" }).waitFor();

  await goOffline(owner);
  await drawerAction(page, "Open drawer", "100.00");
  await page.getByRole("region", { name: "Drawer" }).getByRole("status").filter({ hasText: "Open" }).waitFor();

  const sales: [SaleLine[], Payment, string][] = [
    [[{ name: "Apples" }], { tendered: "5.00" }, "3.80"],
    [[{ name: "Milk", quantity: "2" }], { method: "Card", reference: "AUTH01" }, "0.00"],
    [[{ name: "Bread" }, { name: "Apples" }], { method: "Cash + card", card: "2.00", tendered: "2.00" }, "0.45"],
    [[{ name: "Bread", quantity: "2" }], { tendered: "10.00" }, "5.30"],
    [[{ name: "Apples", quantity: "3" }], { method: "Card" }, "0.00"],
    [[{ name: "Milk" }], {}, "0.00"],
    [[{ name: "Bread" }], { method: "Cash + card", card: "1.00", tendered: "5.00" }, "3.65"],
    [[{ name: "Apples", quantity: "2" }, { name: "Milk" }], { tendered: "20.00" }, "16.61"],
    [[{ name: "Bread", quantity: "3" }], { method: "Card" }, "0.00"],
    [[{ name: "Milk", quantity: "3" }], { tendered: "3.00" }, "0.03"],
  ];
  for (const [index, [lines, payment, change]] of sales.entries()) {
    // The pending count includes the open event queued before the sales.
    const shown = await ringUp(page, lines, index + 2, payment);
    expect(shown, `change of sale ${index + 1}`).toContain(change);
  }

  await drawerAction(page, "Pay out", "12.50", "Window cleaner");
  await waitForCount(page, "Pending", 12);

  // A partial refund: one of the three cartons of milk of the last sale, in cash.
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  const refund = page.getByRole("dialog", { name: "Refund" });
  await refund.getByRole("list", { name: "Recent sales" }).getByRole("button").filter({ hasText: "2.97" }).click();
  await refund.getByLabel("Refund quantity of Milk").fill("1");
  await refund.getByLabel("Reason").fill("Carton leaked");
  await refund.getByRole("button", { name: "Save refund" }).click();
  await refund.waitFor({ state: "detached" });
  await waitForCount(page, "Pending", 13);

  // Cash: 100 float + 16.15 cash taken (change already given) − 0.99 refunded − 12.50 paid out.
  const drawer = page.getByRole("region", { name: "Drawer" });
  await drawer.getByRole("button", { name: "X report" }).click();
  const x = await shownReport(page, "X");
  expect(x.figures).toMatchObject({ float: "100.00", cashSales: "16.15", cashRefunds: "0.99", payOuts: "12.50", expectedCash: "102.66" });
  expect(x.methods.map((line) => [line.key, line.expected])).toEqual([
    ["cash", "102.66"],
    ["card", "15.63"],
  ]);
  await page.getByRole("button", { name: "Done" }).click();

  await drawer.getByRole("button", { name: "Close drawer" }).click();
  const closing = page.getByRole("dialog", { name: "Close the drawer" });
  // A Z report is final (DESIGN.md §8): a count left empty is not 0. Each empty field says so,
  // linked to it, and nothing is queued: no Z report, the drawer still open.
  const countedCash = closing.getByLabel("Counted Cash");
  const countedCard = closing.getByLabel("Counted Card");
  await closing.getByRole("button", { name: "Close and print Z report" }).click();
  for (const [field, message] of [
    [countedCash, "Enter the cash you counted in the drawer (0 if there is none)"],
    [countedCard, "Enter the card total you counted (0 if there is none)"],
  ] as const) {
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby"))!.split(" ")[0]!;
    expect(await closing.locator(`[id="${describedBy}"]`).innerText()).toBe(message);
  }
  await countedCash.fill("102.00");
  await closing.getByRole("button", { name: "Close and print Z report" }).click();
  await expect.poll(() => countedCard.getAttribute("aria-invalid")).toBe("true");
  expect(await countedCash.getAttribute("aria-invalid")).not.toBe("true");
  expect(await page.getByRole("dialog", { name: /^Z report/ }).count()).toBe(0);
  await waitForCount(page, "Pending", 13);
  // 0 is a count: a card terminal that took nothing. Closed by keyboard (Enter in the field).
  await countedCard.fill("0");
  await countedCard.press("Enter");
  await page.getByRole("dialog", { name: "Z report 1" }).waitFor();
  const z = await shownReport(page, "Z");
  expect(z.figures).toMatchObject({ expectedCash: "102.66", overShort: "-0.66" });
  expect(z.methods.map((line) => [line.key, line.counted])).toEqual([
    ["cash", "102.00"],
    ["card", "0.00"],
  ]);
  // Done by keyboard: what opened the Z report (the close dialog) is gone, so focus goes to the
  // drawer's next step, "Open drawer" — not <body>, nor the top of <main> (WCAG 2.4.3).
  await page.getByRole("dialog", { name: "Z report 1" }).getByRole("button", { name: "Done" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("dialog", { name: "Z report 1" }).waitFor({ state: "detached" });
  await expect
    .poll(() =>
      page.evaluate(() => {
        const focused = document.activeElement;
        if (!focused || focused === document.body) return "<body>";
        return `${focused.closest('[aria-label="Drawer"]') ? "Drawer › " : ""}${focused.tagName.toLowerCase()} ${focused.textContent?.trim().slice(0, 40)}`;
      }),
    )
    .toBe("Drawer › button Open drawer");
  await waitForCount(page, "Pending", 14);
  await waitForCount(page, "Synced", 0);

  // A second tab of the till opens (offline, from the service worker) and sees the same queue.
  const tabB = await owner.newPage();
  await openPos(tabB, "Apples");
  await waitForCount(tabB, "Pending", 14);

  await owner.unroute("**/*");
  await owner.setOffline(false);
  for (const tab of [page, tabB]) {
    await waitForCount(tab, "Synced", 14);
    await waitForCount(tab, "Pending", 0);
  }

  const queued = (await outboxOf(page, shopId)) as unknown as { externalId: string; sale: { type?: string; sessionId?: string } }[];
  const sessionId = queued.find((entry) => entry.sale.type === "drawer")!.sale.sessionId!;
  const server = await trpc<DrawerSessionReportDTO>(owner, "drawer.session", { sessionId });
  expect(server).toMatchObject({ tillId: till.id, type: "Z", zNumber: 1, zNumberFlag: null, saleCount: 10, refundCount: 1, amendment: null });
  const { methods, ...figures } = server.report;
  const serverShown: ShownReport = {
    figures: Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, value ?? ""])),
    methods: methods.map((line) => ({ key: line.key, expected: line.expected, counted: line.counted, difference: line.difference })),
  };
  expect(serverShown).toEqual(z);

  // Exactly once: every queued entry is stored once, under its own externalId.
  const stored = await db.query<{ external_id: string; kind: string }>(
    `SELECT external_id::text, kind::text FROM sale WHERE shop_id = $1
     UNION ALL SELECT external_id::text, 'drawer:' || kind::text FROM drawer_event WHERE shop_id = $1`,
    [shopId],
  );
  expect(stored.rows.map((row) => row.external_id).sort()).toEqual(queued.map((entry) => entry.externalId).sort());
  const kinds = stored.rows.map((row) => row.kind).sort();
  expect(kinds).toEqual([...Array<string>(10).fill("sale"), "drawer:close", "drawer:open", "drawer:pay_out", "refund"].sort());
  const { rows: zReports } = await db.query<{ number: number }>("SELECT number FROM z_report WHERE shop_id = $1", [shopId]);
  expect(zReports).toEqual([{ number: 1 }]);
});

test("a wiped browser re-claims the till with its drawer open: it carries on the session; two tabs closing at once take one Z number, two opening at once open one session", async () => {
  const owner = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await signUpShop(owner, { timeZone: "Europe/Berlin" });
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await trpc<TillDTO>(owner, "till.create", { name: "Front", series: "A" }, "mutation");
  const shopId = await shopIdOf(owner);
  const chooseTill = async (page: Page) => {
    await page.getByRole("button", { name: "Choose this till" }).click();
    await page.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: "Front" }).click();
    await page.getByRole("region", { name: "Till" }).filter({ hasText: "Till Front (A)" }).waitFor();
  };

  // The first browser opens the drawer with 50.00 and sells apples for cash (3.80 change from 5.00), then syncs.
  const first = await owner.newPage();
  await openPos(first, "Apples");
  await chooseTill(first);
  await goOffline(owner);
  await drawerAction(first, "Open drawer", "50.00");
  expect(await ringUp(first, [{ name: "Apples" }], 2, { tendered: "5.00" })).toContain("3.80");
  await owner.unroute("**/*");
  await owner.setOffline(false);
  await waitForCount(first, "Synced", 2);

  // Its storage is wiped: a new browser profile with the same staff sign-in and nothing else.
  const wiped = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    storageState: { cookies: (await owner.storageState()).cookies, origins: [] },
  });
  const tabA = await wiped.newPage();
  await openPos(tabA, "Apples");
  await chooseTill(tabA);
  const drawer = (page: Page) => page.getByRole("region", { name: "Drawer" });
  await drawer(tabA).getByRole("status").filter({ hasText: "Open · float €50.00" }).waitFor();
  // Offline, its X report starts from what the server recorded (50.00 + 1.20 in cash) and adds a card sale of 2.40.
  await goOffline(wiped);
  await ringUp(tabA, [{ name: "Apples", quantity: "2" }], 1, { method: "Card" });
  const berlin = () => format(new Date(), "d MMM yyyy, HH:mm", { in: tz("Europe/Berlin") });
  const before = berlin();
  await drawer(tabA).getByRole("button", { name: "X report" }).click();
  const description = await tabA
    .getByRole("dialog", { name: "X report" })
    .getByText(/^Front ·/)
    .innerText();
  expect(
    [before, berlin()].some((time) => description.includes(`Front · ${time} ·`)),
    description,
  ).toBe(true);
  expect((await shownReport(tabA, "X")).figures).toMatchObject({ float: "50.00", cashSales: "1.20", expectedCash: "51.20" });
  await tabA.getByRole("button", { name: "Done" }).click();

  // Two tabs of that browser close the drawer at the same moment: one shows Z report 1, the other is told it was closed.
  const tabB = await wiped.newPage();
  await openPos(tabB, "Apples");
  await drawer(tabB).getByRole("status").filter({ hasText: "Open · float €50.00" }).waitFor();
  const tabs = [tabA, tabB];
  for (const tab of tabs) {
    await drawer(tab).getByRole("button", { name: "Close drawer" }).click();
    const closing = tab.getByRole("dialog", { name: "Close the drawer" });
    await closing.getByLabel("Counted Cash").fill("51.20");
    await closing.getByLabel("Counted Card").fill("2.40");
  }
  await Promise.all(tabs.map((tab) => tab.getByRole("dialog", { name: "Close the drawer" }).getByRole("button", { name: "Close and print Z report" }).click()));
  const zReport = (tab: Page) => tab.getByRole("dialog", { name: "Z report 1" });
  const told = (tab: Page) => tab.getByText("NOT saved: this drawer was already closed in another tab");
  await Promise.all(tabs.map((tab) => zReport(tab).or(told(tab)).first().waitFor()));
  expect((await Promise.all(tabs.map((tab) => zReport(tab).count()))).sort()).toEqual([0, 1]);
  expect((await Promise.all(tabs.map((tab) => told(tab).count()))).sort()).toEqual([0, 1]);
  const queued = (await outboxOf(tabA, shopId)) as unknown as { sale: { kind?: string } }[];
  expect(queued.filter((entry) => entry.sale.kind === "close")).toHaveLength(1);

  await wiped.unroute("**/*");
  await wiped.setOffline(false);
  await waitForCount(tabA, "Synced", 2);
  await waitForCount(tabA, "Pending", 0);

  // The server's Z report: the first browser's float and cash sale with the card sale of the wiped one.
  const { rows } = await db.query<{ number: number; expected_cash: string; card: string }>(
    `SELECT number, report->'report'->>'expectedCash' AS expected_cash,
            (SELECT m->>'expected' FROM jsonb_array_elements(report->'report'->'methods') m WHERE m->>'key' = 'card') AS card
     FROM z_report WHERE shop_id = $1`,
    [shopId],
  );
  expect(rows).toEqual([{ number: 1, expected_cash: "51.20", card: "2.40" }]);

  // The same two tabs press Open drawer at the same moment: one session opens, the other tab is told.
  for (const tab of tabs) {
    if ((await zReport(tab).count()) > 0) await zReport(tab).getByRole("button", { name: "Done" }).click();
    await drawer(tab).getByRole("status").filter({ hasText: "Closed" }).waitFor();
    await drawer(tab).getByRole("button", { name: "Open drawer", exact: true }).click();
    await tab.getByRole("dialog", { name: "Open the drawer" }).getByLabel("Float", { exact: true }).fill("20.00");
  }
  await Promise.all(tabs.map((tab) => tab.getByRole("dialog", { name: "Open the drawer" }).locator("button[type=submit]").click()));
  const opened = (tab: Page) => tab.getByText("Drawer open with a float of €20.00");
  const alreadyOpen = (tab: Page) => tab.getByText("NOT saved: this drawer was just opened in another tab");
  await Promise.all(tabs.map((tab) => opened(tab).or(alreadyOpen(tab)).first().waitFor()));
  expect((await Promise.all(tabs.map((tab) => opened(tab).count()))).sort()).toEqual([0, 1]);
  expect((await Promise.all(tabs.map((tab) => alreadyOpen(tab).count()))).sort()).toEqual([0, 1]);
  const opens = ((await outboxOf(tabA, shopId)) as unknown as { sale: { kind?: string; sessionId?: string } }[]).filter((entry) => entry.sale.kind === "open");
  expect(opens, "the wiped browser opened one session after Z report 1").toHaveLength(1);
  await Promise.all(tabs.map((tab) => drawer(tab).getByRole("status").filter({ hasText: "Open · float €20.00" }).waitFor()));
});

// A tablet on the shop's network opens the till at http://<pc-name>:<port>/pos: plain http
// on a name that is not localhost, so not a secure context (no Web Locks, no service worker,
// no crypto.randomUUID, no persistent storage). The till must keep selling AND syncing there
// (issue 15, failing input 8), with two tabs sharing one outbox, and say what is degraded.
import type { SyncResult } from "@tillsync/validators";
import type { Page, Request } from "playwright-core";
import { afterAll, expect, test } from "vitest";

import { baseUrl, collectPageErrors, launchBrowser, screenshot, signUpShop } from "./harness";
import { connectDb, createProduct, outboxOf, ringUp, shopIdOf, signInCashier, storedSaleIds, waitForCount } from "./pos-helpers";

const LAN_NAME = "till.lan";
const browser = await launchBrowser([`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`]);
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

/** The web origin as the tablet reaches it: the same server, under its LAN name. */
const lanOrigin = () => baseUrl().replace("127.0.0.1", LAN_NAME);

test("two tabs on http://till.lan sell and sync every sale exactly once, and say the till runs degraded", async () => {
  const owner = await browser.newContext();
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await createProduct(owner, { name: "Milk", unitPrice: "0.99", initialStock: "50" });
  const shopId = await shopIdOf(owner);

  // The cashier's session, handed to the tablet's browser under the LAN name. (Signing in on
  // till.lan itself needs the API's WEB_ORIGIN to be that name: docs/operations.md.)
  const login = await browser.newContext();
  await signInCashier(owner, login);
  const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await tablet.addCookies((await login.cookies()).map(({ name, value, httpOnly, sameSite }) => ({ name, value, httpOnly, sameSite, url: lanOrigin() })));

  const open = async () => {
    const page = await tablet.newPage();
    await page.goto(`${lanOrigin()}/pos`);
    await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Apples" }).waitFor();
    return page;
  };
  const tabA = await open();
  const errors = collectPageErrors(tabA);
  // The premise: this origin lacks what a secure context has.
  expect(
    await tabA.evaluate(() => ({ secure: isSecureContext, locks: "locks" in navigator, sw: "serviceWorker" in navigator, uuid: typeof crypto.randomUUID })),
  ).toEqual({
    secure: false,
    locks: false,
    sw: false,
    uuid: "undefined",
  });
  const tabB = await open();
  collectPageErrors(tabB).forEach((error) => errors.push(error));

  for (const tab of [tabA, tabB])
    await tab.getByRole("note").filter({ hasText: "not on a secure (https) address" }).filter({ hasText: "keeps selling and syncing" }).waitFor();

  const calls: { sales: string[]; results: Promise<SyncResult[]> }[] = [];
  tablet.on("request", (request: Request) => {
    if (!request.url().includes("/trpc/sale.sync")) return;
    const body = request.postDataJSON() as { json: { sales: { externalId: string }[] } };
    const results = request
      .response()
      .then(async (response) => ((await response!.json()) as { result: { data: { json: { results: SyncResult[] } } } }).result.data.json.results);
    calls.push({ sales: body.json.sales.map((sale) => sale.externalId), results });
  });

  // Online: a sale syncs at once.
  await tabA.bringToFront();
  await ringUp(tabA, [{ name: "Apples" }], 1);
  await waitForCount(tabA, "Synced", 1);
  await waitForCount(tabA, "Pending", 0);
  await expect.poll(() => storedSaleIds(db, shopId)).toHaveLength(1);

  // Offline: both tabs queue sales into the one outbox; back online, both try to send.
  await tablet.setOffline(true);
  const ringUpIn = async (tab: Page, times: number, pendingFrom: number) => {
    await tab.bringToFront();
    await waitForCount(tab, "Pending", pendingFrom);
    for (let i = 1; i <= times; i++) await ringUp(tab, [{ name: "Apples" }, { name: "Milk", quantity: "0.5" }], pendingFrom + i);
  };
  await ringUpIn(tabA, 3, 0);
  await ringUpIn(tabB, 3, 3);
  await tablet.setOffline(false);
  for (const tab of [tabA, tabB]) {
    await waitForCount(tab, "Synced", 7);
    await waitForCount(tab, "Pending", 0);
    await waitForCount(tab, "Rejected", 0);
  }
  await screenshot(tabB, "pos-820x1180-insecure-origin");

  const queued = await outboxOf(tabA, shopId);
  expect(queued.map((entry) => entry.status)).toEqual(Array(7).fill("synced"));
  const stored = await storedSaleIds(db, shopId);
  expect(stored).toHaveLength(7);
  expect(new Set(stored)).toEqual(new Set(queued.map((entry) => entry.externalId)));
  // One drainer at a time without Web Locks: no sale went out twice, the queue in order.
  expect(calls.flatMap((call) => call.sales)).toEqual(queued.map((entry) => entry.externalId));
  expect((await Promise.all(calls.map((call) => call.results))).flat().map((result) => result.status)).toEqual(Array(7).fill("created"));
  for (const tab of [tabA, tabB]) expect(await tab.getByText(/could not use its storage/).count()).toBe(0);
  expect(errors).toEqual([]);
});

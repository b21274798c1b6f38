// The till installs on a tablet's home screen (issue 21): every page links the web app
// manifest and the icons; the manifest opens /pos standalone; each icon is there at the size
// the manifest claims; /favicon.ico answers; Chromium itself finds no installability error.
import { afterAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, signUpShop } from "./harness";
import { createProduct, openPos } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes: Buffer) => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

interface Manifest {
  start_url: string;
  display: string;
  name: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test("the manifest, its icons and the favicon are served, and Chromium finds the till installable", async () => {
  const context = await browser.newContext();
  await signUpShop(context);
  await createProduct(context, { name: "Milk", unitPrice: "1.00" });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/sign-in`);
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(manifestHref).toBeTruthy();
  expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);
  expect(await page.locator('link[rel="apple-touch-icon"]').count()).toBe(1);

  const manifest = (await (await context.request.get(new URL(manifestHref!, baseUrl()).href)).json()) as Manifest;
  expect(manifest).toMatchObject({ name: "Tillsync", start_url: "/pos", display: "standalone" });
  expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    const response = await context.request.get(`${baseUrl()}${icon.src}`);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expect(pngSize(await response.body()).join("x"), icon.src).toBe(icon.sizes);
  }
  const favicon = await context.request.get(`${baseUrl()}/favicon.ico`);
  expect(favicon.status()).toBe(200);
  // An ICO file: reserved 0, type 1, then at least one image.
  const ico = await favicon.body();
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4) > 0]).toEqual([0, 1, true]);

  await openPos(page, "Milk");
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: { errorId: string }[] };
  // The harness's browser contexts are incognito profiles, where Chromium never offers to install.
  expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== "in-incognito")).toEqual([]);
  await context.close();
});

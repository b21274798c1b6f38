// Camera scanning on the till (issue 18, DESIGN.md §9). Chromium on Linux has no
// BarcodeDetector, so what reads the code here is the fallback: the barcode-detector polyfill's
// ZXing WebAssembly, loaded when the camera opens, from the service worker's precache, offline.
// The camera is Chromium's fake capture device playing a video of an EAN-13 made in this file.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import bwipjs from "bwip-js/node";
import { afterAll, beforeAll, expect, test } from "vitest";

import { launchBrowser, screenshot, signUpShop, trpc } from "./harness";
import { goOffline, openPos, ringUp } from "./pos-helpers";

// Lets context.route() see the service worker's own requests (Playwright's offline mode does not
// reach them), so the offline scan below cannot fetch the decoder from the network.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

/** A real GTIN-13 (check digit 1), the SKU of the product the camera is shown. */
const MUESLI_GTIN = "4006381333931";

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A Y4M video (what Chromium's --use-file-for-fake-video-capture plays, looped) of `gtin` as an
 * EAN-13 printed black on white: bwip-js encodes the symbol (its bar and space widths, in
 * modules); the frames are written here because Y4M is a header and raw planes, simpler than
 * requiring ffmpeg on every machine. 4:2:0, full-range luma (C420jpeg); grey, so chroma is 128.
 */
function barcodeVideo(gtin: string, path: string) {
  const [symbol] = bwipjs.raw({ bcid: "ean13", text: gtin }) as { sbs: number[] }[];
  if (!symbol) throw new Error(`bwip-js drew no EAN-13 for ${gtin}`);
  const modulePx = 5;
  const widthPx = symbol.sbs.reduce((sum, modules) => sum + modules, 0) * modulePx; // 95 modules
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  let x = Math.floor((WIDTH - widthPx) / 2); // quiet zones of 16 modules, more than the 11 and 7 required
  for (const [index, modules] of symbol.sbs.entries()) {
    const bar = index % 2 === 0; // widths alternate bar, space, bar…
    if (bar) for (let y = 90; y < HEIGHT - 90; y++) luma.fill(0, y * WIDTH + x, y * WIDTH + x + modules * modulePx);
    x += modules * modulePx;
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const frames = Array.from({ length: 10 }, () => frame);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

const videoDir = mkdtempSync(join(tmpdir(), "tillsync-camera-"));
afterAll(() => rmSync(videoDir, { recursive: true, force: true }));
const video = join(videoDir, "muesli-ean13.y4m");
barcodeVideo(MUESLI_GTIN, video);

const camera = await launchBrowser(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`]);
afterAll(() => camera.close());
const context = await camera.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();

beforeAll(async () => {
  await signUpShop(context, { currency: "EUR" });
  await trpc(context, "product.create", { name: "Muesli", sku: MUESLI_GTIN, unitPrice: "3.49", initialStock: "20" }, "mutation");
  await trpc(context, "product.create", { name: "Apples", sku: "APL-1", unitPrice: "1.20", initialStock: "50" }, "mutation");
});

/** Which constraints the page asked the camera for, and whether the tracks it got are still live. */
interface CameraUse {
  constraints: MediaStreamConstraints[];
  liveTracks: () => number;
}

test("an EAN-13 shown to the camera is added once, offline, read by the precached WebAssembly decoder", async () => {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    const use = {
      constraints: [] as MediaStreamConstraints[],
      liveTracks: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === "live").length,
    };
    (window as unknown as { cameraUse: CameraUse }).cameraUse = use;
    // Every dialog title shown, however briefly: a code read at once closes the dialog within a
    // few hundred milliseconds, which a wait for the dialog polled after the click could miss.
    const titles: string[] = [];
    (window as unknown as { dialogsShown: string[] }).dialogsShown = titles;
    new MutationObserver(() => {
      for (const title of document.querySelectorAll('[role="dialog"] h2')) {
        const text = title.textContent ?? "";
        if (titles.at(-1) !== text) titles.push(text);
      }
    }).observe(document, { childList: true, subtree: true });
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      use.constraints.push(constraints ?? {});
      const stream = await getUserMedia(constraints);
      streams.push(stream);
      return stream;
    };
  });
  const pageWasm: string[] = [];
  page.on("request", (request) => void (request.url().endsWith(".wasm") && pageWasm.push(request.url())));
  // What the page did, reported if the scan does not end as it should.
  const trace: string[] = [];
  const started = Date.now();
  const note = (line: string) => trace.push(`${Date.now() - started} ms ${line}`);
  const dialogsShown = () => page.evaluate(() => (window as unknown as { dialogsShown: string[] }).dialogsShown);
  page.on("console", (message) => void (message.type() !== "debug" && note(`console.${message.type()}: ${message.text()}`)));
  page.on("pageerror", (error) => note(`page error: ${error.message}`));
  page.on("requestfailed", (request) => note(`failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on("response", (response) => note(`${response.status()} ${response.url()}${response.fromServiceWorker() ? " (service worker)" : ""}`));

  await openPos(page, "Muesli");
  // Precached with the build (the worker controls the page only once its install finished)…
  const precached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls.filter((path) => path.endsWith(".wasm"));
  });
  expect(precached).toEqual([expect.stringMatching(/^\/_next\/static\/media\/zxing_reader\.[\w.-]+\.wasm$/)]);
  // …but not loaded by the page until the camera is opened.
  expect(pageWasm).toEqual([]);

  const swRequests = await goOffline(context);
  await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();
  expect(await page.evaluate(() => typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector)).toBe("undefined");

  const decoderFetched = page.waitForResponse((response) => response.url().endsWith(".wasm"));
  note("click Scan with camera");
  await page.getByRole("button", { name: "Scan with camera" }).click();
  // The dialog opens, reads the code, closes; the product is in the sale.
  const sale = page.getByRole("region", { name: "Current sale" });
  try {
    await sale.getByRole("listitem", { name: "Muesli" }).waitFor({ timeout: 30_000 });
  } catch (error) {
    await screenshot(page, "pos-camera-not-scanned");
    throw new Error(
      `No Muesli in the sale 30 s after "Scan with camera" (dialogs shown: ${JSON.stringify(await dialogsShown())}; pos-camera-not-scanned.png). The page:\n${trace.join("\n")}`,
      {
        cause: error,
      },
    );
  }
  expect(await dialogsShown()).toEqual(["Scan with camera"]);
  const wasm = await decoderFetched;
  expect(wasm.fromServiceWorker()).toBe(true);
  expect(wasm.ok()).toBe(true);
  expect(new URL(wasm.url()).pathname).toBe(precached[0]);

  // One code per opening: the dialog closes and the product is in the sale once, however many
  // frames showed it.
  await page.getByRole("dialog", { name: "Scan with camera" }).waitFor({ state: "detached", timeout: 20_000 });
  await page.waitForTimeout(1_000);
  expect(await sale.getByRole("listitem").count()).toBe(1);
  expect(await page.getByLabel("Quantity of Muesli").inputValue()).toBe("1");
  await screenshot(page, "pos-camera-scanned");

  const use = await page.evaluate(() => {
    const { constraints, liveTracks } = (window as unknown as { cameraUse: CameraUse }).cameraUse;
    return { constraints, liveTracks: liveTracks() };
  });
  expect(use.constraints).toEqual([{ video: { facingMode: { ideal: "environment" } }, audio: false }]);
  expect(use.liveTracks).toBe(0);
  expect(swRequests).toEqual([]);

  // The scanned line sells like a tapped one.
  await ringUp(page, [], 1);
});

test("the camera refused, or no camera: the till says so in staff words and keeps selling", async () => {
  const state = await context.storageState();
  // A fake camera but no fake permission prompt: headless Chromium refuses the camera.
  const prompting = await launchBrowser(["--use-fake-device-for-media-stream"]);
  // No fake camera at all: this machine has none.
  const cameraless = await launchBrowser();
  try {
    const refused = await (await prompting.newContext({ viewport: { width: 1280, height: 800 }, storageState: state })).newPage();
    await openPos(refused, "Muesli");
    await refused.getByRole("button", { name: "Scan with camera" }).click();
    const refusal = refused.getByRole("dialog", { name: "Scan with camera" }).getByRole("alert");
    await expect
      .poll(() => refusal.innerText())
      .toBe("The browser is not allowed to use the camera. Allow the camera for this till (the camera icon in the address bar), then try again.");
    await screenshot(refused, "pos-camera-refused");

    const noCamera = await (await cameraless.newContext({ viewport: { width: 1280, height: 800 }, storageState: state })).newPage();
    await openPos(noCamera, "Muesli");
    await noCamera.getByRole("button", { name: "Scan with camera" }).click();
    const missing = noCamera.getByRole("dialog", { name: "Scan with camera" }).getByRole("alert");
    await expect.poll(() => missing.innerText()).toBe("This device has no camera. Scan with a barcode scanner or search by name or SKU instead.");
    await noCamera.keyboard.press("Escape");
    // On the counter's tablet the button fits beside the search box and New product, clear of the sale.
    await noCamera.setViewportSize({ width: 820, height: 1180 });
    const button = (await noCamera.getByRole("button", { name: "Scan with camera" }).boundingBox())!;
    const sale = (await noCamera.getByRole("region", { name: "Current sale" }).boundingBox())!;
    const search = (await noCamera.getByRole("searchbox", { name: "Search products" }).boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(sale.x);
    expect(search.width).toBeGreaterThanOrEqual(150);
    await screenshot(noCamera, "pos-camera-820x1180");
    await noCamera.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Apples" }).click();
    await noCamera.getByRole("region", { name: "Current sale" }).getByRole("listitem", { name: "Apples" }).waitFor();
  } finally {
    await Promise.all([prompting.close(), cameraless.close()]);
  }
});

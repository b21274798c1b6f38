// Renders src/app/icon.svg (the favicon, the one drawing of the app's icon) into the PNGs
// the web app manifest and iOS need and into favicon.ico, with Chromium (no image library
// on these machines). Run after changing the drawing: `node scripts/make-icons.mjs`; the
// outputs are committed. e2e/install.test.ts checks that each is there at its size.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

const web = join(import.meta.dirname, "..");
const svg = readFileSync(join(web, "src/app/icon.svg"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage();

/** The icon at `size` px; `padding` (a share of the size) keeps a maskable icon's drawing inside the safe zone. */
async function render(size, padding = 0) {
  await page.setViewportSize({ width: size, height: size });
  const inner = Math.round(size * (1 - 2 * padding));
  const background = padding ? "#11694f" : "transparent";
  await page.setContent(
    `<html><body style="margin:0;background:${background};display:grid;place-items:center;width:${size}px;height:${size}px">` +
      `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" width="${inner}" height="${inner}"></body></html>`,
  );
  await page.locator("img").evaluate((img) => img.decode());
  return page.screenshot({ omitBackground: !padding, clip: { x: 0, y: 0, width: size, height: size } });
}

writeFileSync(join(web, "public/icons/icon-192.png"), await render(192));
writeFileSync(join(web, "public/icons/icon-512.png"), await render(512));
writeFileSync(join(web, "public/icons/maskable-512.png"), await render(512, 0.1));
writeFileSync(join(web, "src/app/apple-icon.png"), await render(180, 0.06));

// favicon.ico: the ICO container holding PNG images (allowed since Windows Vista, read by every browser).
const images = [await render(32), await render(48)];
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach((png, i) => {
  const size = [32, 48][i];
  const entry = 6 + 16 * i;
  header.writeUInt8(size, entry);
  header.writeUInt8(size, entry + 1);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(png.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.length;
});
writeFileSync(join(web, "src/app/favicon.ico"), Buffer.concat([header, ...images]));
await browser.close();

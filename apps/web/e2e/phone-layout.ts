// What "fits a phone" means in the browser tests (issue 21): at 390×844 the page scrolls
// nothing sideways, and every visible button and link is whole — inside the viewport's width
// and not cut by an ancestor that clips or scrolls (a table scrolling sideways inside its own
// box still hides the buttons past its edge), and a button's own label is not cut either.
import { join } from "node:path";

import type { Page } from "playwright-core";
import { expect } from "vitest";

import { screenshot } from "./harness";
import { artifactsDir } from "./paths";

export const PHONE = { width: 390, height: 844 } as const;

/** Visible buttons and links cut off by the viewport, by an ancestor that clips or scrolls, or whose own label is cut; as "name: why". */
export function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const clipped: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, [role="button"], a[href], [role="tab"], [role="combobox"], input[type="submit"]');
    for (const el of Array.from(controls)) {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden" || el.closest('[aria-hidden="true"], .sr-only')) continue;
      // A skip link sits off-screen until it has focus, by design.
      if (rect.right <= 0 && el.matches("a[href^='#']")) continue;
      const name = (el.getAttribute("aria-label") ?? el.innerText).replace(/\s+/g, " ").trim().slice(0, 50) || el.outerHTML.slice(0, 80);
      if (rect.left < -0.5 || rect.right > window.innerWidth + 0.5) {
        clipped.push(`${name}: ${Math.round(rect.left)}–${Math.round(rect.right)} px of ${window.innerWidth}`);
        continue;
      }
      if (el.tagName === "BUTTON" && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible") {
        clipped.push(`${name}: label cut (${el.scrollWidth} px in ${el.clientWidth} px)`);
        continue;
      }
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        const box = parent.getBoundingClientRect();
        const parentStyle = getComputedStyle(parent);
        const clipsX = parentStyle.overflowX !== "visible";
        const clipsY = parentStyle.overflowY === "hidden" || parentStyle.overflowY === "clip";
        if (
          (clipsX && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5)) ||
          (clipsY && (rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5))
        ) {
          clipped.push(
            `${name}: cut by its ${parent.tagName.toLowerCase()}${parent.className ? `.${String(parent.className).split(" ").slice(0, 3).join(".")}` : ""}`,
          );
          break;
        }
      }
    }
    return clipped;
  });
}

/**
 * Visible text in a table cell or a figure (a Stat group) cut short with an ellipsis ("118,70 € s…",
 * "Not count…"): a value the phone does not show whole. Text with a `title` (its whole text on
 * hover) is left out; names shortened on purpose elsewhere (the shop's name in the header, the
 * cart bar) are not checked here.
 */
export function truncatedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('td, td *, th, th *, [role="group"] *'))) {
      const style = getComputedStyle(el);
      if (style.textOverflow !== "ellipsis" || style.overflowX === "visible" || el.title || el.closest('[aria-hidden="true"], .sr-only')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") continue;
      if (el.scrollWidth > el.clientWidth + 1)
        cut.push(`"${el.innerText.replace(/\s+/g, " ").trim().slice(0, 50)}": text cut (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
    return cut;
  });
}

/**
 * Saves `phone-<name>.png` (the whole page, or only what the phone shows) to the artifacts and
 * answers what does not fit 390 px: the page scrolling sideways, and each button or link cut
 * off (clippedControls) and each text cut with an ellipsis (truncatedTexts), as "name: what"; [] when it fits.
 */
export async function phoneProblems(page: Page, name: string, shot: "full" | "viewport" = "full"): Promise<string[]> {
  if (shot === "full") await screenshot(page, `phone-${name}`);
  else await page.screenshot({ path: join(artifactsDir, `phone-${name}.png`) });
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  return [...(width > PHONE.width ? [`page is ${width} px wide`] : []), ...(await clippedControls(page)), ...(await truncatedTexts(page))].map(
    (problem) => `${name}: ${problem}`,
  );
}

/** Asserts that the page fits 390 px (phoneProblems), saving its screenshot. */
export async function expectFitsPhone(page: Page, name: string, shot: "full" | "viewport" = "full") {
  expect(await phoneProblems(page, name, shot)).toEqual([]);
}

// axe-core as the browser tests run it (issue 21: WCAG 2.2 AA on every staff screen).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe-core tags with these. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * axe-core's WCAG A/AA rules on the page as it is now (or only inside the `include` selector,
 * e.g. an open dialog): each violation as "where: rule (impact) help — targets"; [] when none.
 */
export async function axeViolations(page: Page, where: string, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((rule) => `${where}: ${rule.id} (${rule.impact ?? "?"}) ${rule.help} — ${rule.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

// The modules the till's first load uses (issue 21: /pos first-load JS ≤ 250 KB). The package
// is "sideEffects": false, so a bundle takes only these of it; none may load zod (~34 KiB
// gzipped) or luxon, directly or through what it imports. Type-only imports do not count:
// they leave no code.
const TILL_MODULES = ["decimal-text", "drawer-report", "locale", "money", "receipt-number", "retention", "roles", "scan", "settlement"];

/** The modules `name` loads at run time, itself included, by its `import … from "…"` lines. */
function runtimeImports(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  const source = readFileSync(new URL(`../src/${name}.ts`, import.meta.url), "utf8");
  for (const [, from] of source.matchAll(/^(?:import|export) (?!type )[^;]*? from "([^"]+)";/gms)) {
    if (from!.startsWith("./")) runtimeImports(from!.slice(2), seen);
    else seen.add(from!);
  }
  return seen;
}

describe("the validators the till loads first", () => {
  it.each(TILL_MODULES)("%s loads neither zod nor luxon", (name) => {
    const loaded = [...runtimeImports(name)];
    expect(loaded.filter((module) => /^(zod|luxon)(\/|$)/.test(module))).toEqual([]);
  });
});

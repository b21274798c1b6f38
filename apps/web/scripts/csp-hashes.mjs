// After `next build` (package.json "build"): the SHA-256 of every inline <script> of every
// prerendered page, written to <distDir>/csp-hashes.json, which src/proxy.ts puts in the
// Content-Security-Policy instead of 'unsafe-inline' (docs/security.md "Security headers").
// Next's prerendered HTML carries its bootstrap inline (the Turbopack runtime stub and the
// page's RSC payload, `self.__next_f.push(…)`): fixed per build, so hashes of them allow
// exactly those scripts while every page stays static and /pos stays precached offline.
// A regular expression suffices here: Next escapes "</script" inside the scripts it
// serialises, so a script's text always ends at the first "</script>".
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const serverDir = join(distDir, "server");
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g;

const pages = readdirSync(serverDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".html"));
const hashes = new Set();
for (const page of pages) {
  const html = readFileSync(join(serverDir, page), "utf8");
  for (const [, script] of html.matchAll(INLINE_SCRIPT)) {
    if (script) hashes.add(`sha256-${createHash("sha256").update(script, "utf8").digest("base64")}`);
  }
}
if (hashes.size === 0)
  throw new Error(`csp-hashes: no inline scripts in ${pages.length} prerendered pages under ${serverDir}: did next build change its output?`);
writeFileSync(join(distDir, "csp-hashes.json"), JSON.stringify({ pages: pages.length, hashes: [...hashes].sort() }, null, 2) + "\n");
console.log(`csp-hashes: ${hashes.size} script hashes from ${pages.length} prerendered pages → ${join(distDir, "csp-hashes.json")}`);

// After `next build` (package.json "build"): V8's explicit compile hint, the magic comment
// `//# allFunctionsCalledOnLoad` (https://v8.dev/blog/explicit-compile-hints, Chrome ≥ 136;
// other engines ignore a comment), at the top of each client chunk a page runs as it starts:
// Next's root main files and every page's entry chunks, read from the build's manifests. The
// chunks loaded later (dialogs, the chart, the barcode decoder) are left as they are.
//
// Why (issue 21, Lighthouse on a phone): without it V8 compiles each function of a chunk on the
// main thread when it is first called, and a page's start-up calls thousands of them (every
// module's factory): on /pos that was most of two script tasks of 60–98 ms each on this
// machine unthrottled. With the hint V8 compiles the whole file on the background thread that
// streams it while it downloads, and those tasks took 12–20 ms (bench/results, docs/benchmarks.md
// "Compile hints"). The cost is compiling the few functions of these chunks that start-up never
// calls, off the main thread. Next has no option for it yet (vercel/next.js discussion 101287).
//
// The files keep their names: a name is the hash of what Turbopack wrote, and the same build
// output always gets the same comment, so a cached copy and the served one never differ.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const HINT = "//# allFunctionsCalledOnLoad\n";
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const serverAppDir = join(distDir, "server", "app");

/** "static/chunks/x.js" and "/_next/static/chunks/x.js" → the file under distDir. */
const fileOf = (chunk) => join(distDir, chunk.replace(/^\/_next\//, ""));

const startChunks = new Set(JSON.parse(readFileSync(join(distDir, "build-manifest.json"), "utf8")).rootMainFiles);
const manifests = readdirSync(serverAppDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith("_client-reference-manifest.js"));
for (const manifest of manifests) {
  const source = readFileSync(join(serverAppDir, manifest), "utf8");
  // `globalThis.__RSC_MANIFEST["/route/page"] = {…};`: the object literal is JSON.
  const json = JSON.parse(
    source
      .slice(source.indexOf("= {") + 2)
      .trim()
      .replace(/;$/, ""),
  );
  for (const chunks of Object.values(json.entryJSFiles ?? {})) for (const chunk of chunks) startChunks.add(chunk);
}
if (startChunks.size < 5)
  throw new Error(`compile-hints: only ${startChunks.size} start-up chunks found under ${distDir}: did next build change its manifests?`);

let marked = 0;
for (const chunk of startChunks) {
  if (!chunk.endsWith(".js")) continue;
  const file = fileOf(chunk);
  const code = readFileSync(file, "utf8");
  if (code.startsWith(HINT)) continue;
  writeFileSync(file, HINT + code);
  marked++;
}
console.log(`compile-hints: ${marked} of ${startChunks.size} start-up chunks marked //# allFunctionsCalledOnLoad (${manifests.length} pages' manifests)`);

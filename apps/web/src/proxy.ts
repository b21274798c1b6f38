import { readFileSync } from "node:fs";
import { join } from "node:path";

import { NextResponse, type NextRequest } from "next/server";

import { env } from "./env";
import { contentSecurityPolicy } from "./security-headers";

/**
 * The SHA-256 hashes of the prerendered pages' inline scripts, which scripts/csp-hashes.mjs
 * writes after `next build` (package.json "build"). Read once. Null in `next dev` (no
 * prerendered pages) and, logged, for a build made without that step: the CSP then allows
 * inline scripts as a whole rather than leaving the shop with a page that cannot start.
 */
let scriptHashes: readonly string[] | null | undefined;
function loadScriptHashes(): readonly string[] | null {
  if (scriptHashes !== undefined) return scriptHashes;
  if (env.NODE_ENV === "development") return (scriptHashes = null);
  try {
    const file = JSON.parse(readFileSync(join(process.cwd(), env.NEXT_DIST_DIR, "csp-hashes.json"), "utf8")) as { hashes: string[] };
    scriptHashes = file.hashes;
  } catch (error) {
    console.error(`CSP: no script hashes (${String(error)}); inline scripts are allowed as a whole. Build with \`pnpm build\`, which writes them.`);
    scriptHashes = null;
  }
  return scriptHashes;
}

/**
 * Sets the Content-Security-Policy (src/security-headers.ts) on every answer: the prerendered
 * pages' inline-script hashes and a fresh nonce, which Next reads from the request's CSP
 * header and puts on the inline scripts of pages it renders per request. Static pages stay
 * static (the nonce is unused there), so /pos is still precached and opens offline with the
 * policy it was cached with.
 */
export function proxy(request: NextRequest) {
  const hashes = loadScriptHashes();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(env.NODE_ENV === "development", hashes && { hashes, nonce });
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

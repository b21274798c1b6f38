/** Any fixed origin: only used to tell a path of this app from an address elsewhere. */
const PROBE_ORIGIN = "https://tillsync.invalid";

/** Control characters (the URL parser drops tabs and newlines) and `\\`, which browsers read as `/`. */
const refused = (char: string) => char < " " || char === "\u007f" || char === "\\";

/**
 * Where to go after signing in: `next` (from the address bar, so anyone can write it) when
 * it is a path of this app, else `fallback`. `next` is resolved with the URL parser, as the
 * browser would resolve it, against a dummy origin, and kept only when the origin stays the
 * same: `//evil.example`, `/\evil.example` (browsers read `\` as `/`), `https://…`,
 * `javascript:…` and paths with tabs or newlines (which the parser strips) all fall back.
 * Returns the normalised path with its query and fragment, e.g. "/products?q=milk".
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next?.startsWith("/") || [...next].some(refused)) return fallback;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  return url.origin === PROBE_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

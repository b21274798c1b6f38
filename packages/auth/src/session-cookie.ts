// The staff session cookie's name, for code that only needs to know whether a request carries
// one. No imports and no side effects, so apps/web's server components take it from
// "@tillsync/auth/session-cookie" without loading Better Auth or Prisma.

/** The prefix of Better Auth's cookies (`advanced.cookiePrefix` in auth.ts): `tillsync.session_token`, … */
export const AUTH_COOKIE_PREFIX = "tillsync";

/**
 * Matches a `Cookie` request header that carries the staff session cookie: `tillsync.session_token=`
 * at the start of the header or after a `;`, with or without `__Secure-` in front of the name.
 * Better Auth names its cookies `<cookiePrefix>.<name>` and, when its base URL (the first
 * WEB_ORIGIN) is https, sets them Secure with the `__Secure-` name prefix, so a shop served over
 * https sends `__Secure-tillsync.session_token` and one on plain http `tillsync.session_token`.
 *
 * Only a cheap test of whether there is a session to look up (the API asks Better Auth, which
 * checks the token against the database; the web app's server reads data for the page only
 * then), never proof of one.
 */
export const SESSION_COOKIE = new RegExp(`(?:^|;\\s*)(?:__Secure-)?${AUTH_COOKIE_PREFIX}\\.session_token=`);

import { createAuthClient } from "better-auth/react";

/**
 * Better Auth on apps/api, reached same-origin through next.config.ts's /api rewrite so
 * its httpOnly session cookie is first-party. With no baseURL the client uses the page's
 * origin; it is only ever called from the browser.
 */
export const authClient = createAuthClient({ basePath: "/api/auth" });

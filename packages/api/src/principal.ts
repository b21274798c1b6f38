import type { AppErrorCode, Role } from "@tillsync/validators";

// Roles and what each may do are pure rules the admin app shares: they live in validators.
export { apiKeyRole, canManage, type Role } from "@tillsync/validators";

/** Who is calling, resolved from a staff session or an API key by the HTTP server. */
export interface Principal {
  shopId: number;
  role: Role;
  /** Staff member, when signed in. */
  userId?: string;
  /** API key (till or internal tool), when authenticated by one. */
  apiKeyId?: number;
  /** Display name: the staff member's name or the key's name (e.g. "pos-02"). */
  name: string;
}

/**
 * Why a request is refused before any procedure runs (sent as `appCode` on /trpc and `code`
 * on /api, docs/api.md "Authentication errors"):
 * - NOT_SIGNED_IN: no credentials at all (401);
 * - API_KEY_INVALID: an API key was sent but is unknown or revoked (401);
 * - SESSION_EXPIRED: a session cookie was sent but the session is over or was ended (401);
 * - CROSS_ORIGIN_REQUEST: a change sent with the staff cookie from a page that is not the
 *   admin app (another origin: CSRF), refused whoever the cookie belongs to (403).
 */
export type AuthErrorCode = Extract<AppErrorCode, "NOT_SIGNED_IN" | "API_KEY_INVALID" | "SESSION_EXPIRED" | "CROSS_ORIGIN_REQUEST">;

const AUTH_ERROR_MESSAGES: Record<AuthErrorCode, string> = {
  NOT_SIGNED_IN: "Sign in or send an API key.",
  API_KEY_INVALID: "This API key is not valid: it is unknown or was revoked. Create a new key under Devices in the admin app.",
  SESSION_EXPIRED: "Your session has ended. Sign in again.",
  CROSS_ORIGIN_REQUEST: "This change was sent from a page outside Tillsync and was refused. Make it in the admin app itself.",
};

/** The cause of an UNAUTHORIZED or FORBIDDEN answer about credentials; the formatter sends its code as appCode. */
export class AuthError extends Error {
  constructor(readonly code: AuthErrorCode) {
    super(AUTH_ERROR_MESSAGES[code]);
    this.name = "AuthError";
  }
}

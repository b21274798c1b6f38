import type { Role } from "@tillsync/validators";

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

/** Who is calling, resolved from a staff session or an API key by the HTTP server. */
export type Role = "owner" | "manager" | "cashier" | "device";

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

/** An API key's role maps onto a staff role's rights. */
export const apiKeyRole = (role: "device" | "manager"): Role => (role === "manager" ? "manager" : "device");

export const canManage = (role: Role) => role === "owner" || role === "manager";

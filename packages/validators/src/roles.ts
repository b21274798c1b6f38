/**
 * Who may do what (DESIGN.md §4), the one copy the API's procedures and the admin app's pages
 * both read, so nobody is shown a page they would only get FORBIDDEN from.
 * Cashiers and `device` keys sell (inline products too), read products and their shop's sales;
 * managers, `manager` keys and owners also manage products, stock, alerts, reversals and see
 * analytics; owners alone manage staff, API keys and shop settings.
 */
export const roles = ["owner", "manager", "cashier", "device"] as const;
/** A caller's role: a staff member's, or an API key's mapped by `apiKeyRole`. */
export type Role = (typeof roles)[number];

/** An API key's role maps onto the rights of a staff role: a `manager` key is a manager, a till is a device. */
export const apiKeyRole = (role: "device" | "manager"): Role => (role === "manager" ? "manager" : "device");

/** Products, stock, alerts, reversals and analytics. */
export const canManage = (role: Role) => role === "owner" || role === "manager";

/** Staff, API keys and shop settings. */
export const canAdminister = (role: Role) => role === "owner";

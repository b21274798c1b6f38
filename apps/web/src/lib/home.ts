import { canManage, type Role } from "@tillsync/validators";

// Apart from nav.ts (the admin menu and its icons), so the till's first load, which links back
// to the admin pages, does not carry the menu's icons (issue 21).

/** Where a role lands after signing in: managers on the dashboard, cashiers at the till (issue 21). */
export const homeFor = (role: Role) => (canManage(role) ? "/" : "/pos");

/** The first admin page a role may see: where the till's header links back to. */
export const adminHomeFor = (role: Role) => (canManage(role) ? "/" : "/sales");

import { canAdminister, canManage, type Role } from "@tillsync/validators";
import {
  Banknote,
  BarChart3,
  Bell,
  ClipboardCheck,
  KeyRound,
  LayoutDashboard,
  Monitor,
  Package,
  Receipt,
  ScrollText,
  Settings,
  ShoppingCart,
  Users,
  type LucideIcon,
} from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Who may use the page: the API's own role rules (DESIGN.md §4), so nobody sees a page they would only get FORBIDDEN from. */
  roles: readonly Role[];
  /** Shows a count next to the label: flagged items no manager has reviewed yet. */
  count?: "review";
}

// Page visibility follows the API's role rules (@tillsync/validators roles).
const everyone = ["owner", "manager", "cashier"] as const satisfies readonly Role[];
const managers = everyone.filter(canManage);
const owners = everyone.filter(canAdminister);

export const navItems: NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard, roles: managers },
  { href: "/pos", label: "Sell", icon: ShoppingCart, roles: everyone },
  { href: "/products", label: "Products", icon: Package, roles: everyone },
  { href: "/sales", label: "Sales", icon: Receipt, roles: everyone },
  { href: "/cash-up", label: "Cash-up", icon: Banknote, roles: managers },
  { href: "/alerts", label: "Alerts", icon: Bell, roles: managers },
  { href: "/review", label: "Needs review", icon: ClipboardCheck, roles: managers, count: "review" },
  { href: "/analytics", label: "Analytics", icon: BarChart3, roles: managers },
  { href: "/tills", label: "Tills", icon: Monitor, roles: managers },
  { href: "/audit", label: "Activity log", icon: ScrollText, roles: managers },
  { href: "/devices", label: "Devices", icon: KeyRound, roles: owners },
  { href: "/staff", label: "Staff", icon: Users, roles: owners },
  { href: "/settings", label: "Settings", icon: Settings, roles: owners },
];

/** The nav item a path belongs to ("/products/12" → Products). */
export function navItemFor(pathname: string) {
  return navItems.find((item) => (item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`)));
}

export const canSee = (role: Role, pathname: string) => navItemFor(pathname)?.roles.includes(role) ?? true;

export { adminHomeFor, homeFor } from "./home";

/**
 * The navigation, in one place. An entry is added together with the page it points to, so the navigation
 * never shows a page that does not exist. `key` is a key of common.nav (or a domain's own `nav` keys).
 */
export interface NavItem {
  href: string;
  label: { namespace: string; key: string };
  /** Matches sub-pages too (e.g. /admin/users/123 highlights /admin/users). */
  prefix?: boolean;
}

export const portalNav: NavItem[] = [
  { href: "/", label: { namespace: "common", key: "nav.home" } },
  { href: "/activate", label: { namespace: "billing", key: "nav.activate" } },
  { href: "/devices", label: { namespace: "devices", key: "nav.devices" } },
  { href: "/orders", label: { namespace: "billing", key: "nav.orders" } },
  { href: "/history", label: { namespace: "billing", key: "nav.history" } },
  { href: "/acl", label: { namespace: "derpMap", key: "nav.acl" } },
];

export const adminNav: NavItem[] = [
  { href: "/admin", label: { namespace: "common", key: "nav.overview" } },
  { href: "/admin/users", label: { namespace: "adminUsers", key: "nav.users" }, prefix: true },
  { href: "/admin/plans", label: { namespace: "billing", key: "nav.plans" }, prefix: true },
  { href: "/admin/regions", label: { namespace: "regions", key: "nav.regions" }, prefix: true },
  { href: "/admin/servers", label: { namespace: "fleet", key: "nav.servers" }, prefix: true },
  { href: "/admin/containers", label: { namespace: "containers", key: "nav.containers" } },
  { href: "/admin/serials", label: { namespace: "billing", key: "nav.serials" }, prefix: true },
  { href: "/admin/orders", label: { namespace: "billing", key: "nav.adminOrders" } },
  { href: "/admin/finance", label: { namespace: "billing", key: "nav.finance" } },
  { href: "/admin/logs", label: { namespace: "adminUsers", key: "nav.logs" } },
  { href: "/admin/audit", label: { namespace: "adminUsers", key: "nav.audit" } },
  { href: "/admin/mail", label: { namespace: "adminUsers", key: "nav.mail" } },
  { href: "/admin/settings", label: { namespace: "alerts", key: "nav.settings" } },
];

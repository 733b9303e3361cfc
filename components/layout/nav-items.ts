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

export const portalNav: NavItem[] = [{ href: "/", label: { namespace: "common", key: "nav.home" } }];

export const adminNav: NavItem[] = [{ href: "/admin", label: { namespace: "common", key: "nav.overview" } }];

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

export interface NavLinkItem {
  href: string;
  text: string;
  prefix?: boolean;
}

/**
 * Renders already-translated links and marks the current one for sighted and screen-reader users. The row wraps
 * rather than hiding sections off-screen; phones get the menu (nav-menu.tsx) instead.
 */
export function NavLinks({ items, label, className }: { items: NavLinkItem[]; label: string; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn("flex flex-wrap items-center gap-1", className)}>
      {items.map((item) => {
        const active = item.prefix ? pathname === item.href || pathname.startsWith(item.href + "/") : pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "shrink-0 whitespace-nowrap rounded-md px-3 py-1.5 text-sm transition-colors hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring",
              active ? "bg-muted font-medium text-foreground" : "text-muted-foreground",
            )}
          >
            {item.text}
          </Link>
        );
      })}
    </nav>
  );
}

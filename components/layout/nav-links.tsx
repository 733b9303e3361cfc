"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/lib/utils";

/**
 * Renders already-translated links and marks the current one for sighted and screen-reader users. The row never
 * wraps: on narrow screens it scrolls sideways, with the current link scrolled into view.
 */
export function NavLinks({ items, label, className }: { items: { href: string; text: string; prefix?: boolean }[]; label: string; className?: string }) {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = nav.current;
    const current = el?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!el || !current || el.scrollWidth <= el.clientWidth) return;
    // Horizontal only: scrollIntoView could also scroll the page.
    el.scrollLeft = current.offsetLeft - (el.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav ref={nav} aria-label={label} className={cn("relative flex items-center gap-1 overflow-x-auto [scrollbar-width:none]", className)}>
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

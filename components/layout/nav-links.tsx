"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

/** Renders already-translated links and marks the current one for sighted and screen-reader users. */
export function NavLinks({ items, label }: { items: { href: string; text: string; prefix?: boolean }[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-1">
      {items.map((item) => {
        const active = item.prefix ? pathname === item.href || pathname.startsWith(item.href + "/") : pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm transition-colors hover:bg-muted",
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

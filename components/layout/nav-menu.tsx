"use client";

import { Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/utils";
import type { NavLinkItem } from "./nav-links";

/**
 * Phones: one labelled button opens a panel listing every section, then the account's actions (`children`).
 * A disclosure (aria-expanded, aria-controls): Tab reaches the links in order, Escape closes it and returns focus
 * to the button, and following a link closes it. From the md breakpoint up the header shows all of it inline.
 */
export function NavMenu({
  items,
  label,
  openLabel,
  closeLabel,
  children,
}: {
  items: NavLinkItem[];
  label: string;
  openLabel: string;
  closeLabel: string;
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  // A link was followed: the new page starts with the menu closed (state adjusted during render).
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="site-menu"
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border px-2.5 text-sm font-medium hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring md:hidden"
        data-testid="menu-button"
      >
        {open ? <X className="h-4 w-4" aria-hidden /> : <Menu className="h-4 w-4" aria-hidden />}
        {open ? closeLabel : openLabel}
      </button>
      <div
        id="site-menu"
        hidden={!open}
        className="absolute inset-x-0 top-full z-40 max-h-[calc(100dvh-3.5rem)] overflow-y-auto border-b border-border bg-card shadow-lg md:hidden"
        data-testid="site-menu"
      >
        <nav aria-label={label} className="mx-auto max-w-6xl px-2 py-2">
          <ul className="grid gap-0.5">
            {items.map((item) => {
              const active = item.prefix ? pathname === item.href || pathname.startsWith(item.href + "/") : pathname === item.href;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    onClick={() => setOpen(false)}
                    className={cn(
                      "block rounded-md px-3 py-2.5 text-sm hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-ring",
                      active ? "bg-muted font-medium text-foreground" : "text-muted-foreground",
                    )}
                  >
                    {item.text}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {children && <div className="mx-auto max-w-6xl border-t border-border px-2 py-2">{children}</div>}
      </div>
    </>
  );
}

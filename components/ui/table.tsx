import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/utils";

/**
 * A table in its own scroll box: a wide table scrolls inside it, never the page. With `stack`, rows become cards
 * below the sm breakpoint (phones): each cell on a line of its own, named by its `data-label` (give every Td of
 * such a table the header text), so no column, the amount least of all, ends up off-screen.
 */
export function Table({ className, stack = false, ...props }: HTMLAttributes<HTMLTableElement> & { stack?: boolean }) {
  return (
    // relative: absolutely placed content (sr-only labels) stays inside the scroll box instead of widening the page.
    <div className={cn("relative w-full overflow-x-auto rounded-lg border border-border", stack && "max-sm:overflow-visible max-sm:border-0")}>
      <table
        className={cn(
          "w-full caption-bottom text-sm",
          stack &&
            "max-sm:block max-sm:[&_tbody]:block max-sm:[&_tbody]:space-y-3 max-sm:[&_thead]:sr-only max-sm:[&_tr]:block max-sm:[&_tr]:rounded-lg max-sm:[&_tr]:border! max-sm:[&_tr]:border-border max-sm:[&_tr]:px-3 max-sm:[&_tr]:py-2 max-sm:[&_td]:flex max-sm:[&_td]:items-baseline max-sm:[&_td]:justify-between max-sm:[&_td]:gap-4 max-sm:[&_td]:px-0 max-sm:[&_td]:py-1 max-sm:[&_td]:text-right max-sm:[&_td]:before:shrink-0 max-sm:[&_td]:before:text-left max-sm:[&_td]:before:font-medium max-sm:[&_td]:before:text-muted-foreground max-sm:[&_td]:before:content-[attr(data-label)] max-sm:[&_td:empty]:hidden",
          className,
        )}
        {...props}
      />
    </div>
  );
}
/** For a stacked table's cell with long text (an email, a sentence): its name above it, the text left-aligned. */
export const STACK_BLOCK = "max-sm:block! max-sm:text-left! max-sm:before:block!";

export const THead = (p: HTMLAttributes<HTMLTableSectionElement>) => <thead className="bg-muted/60" {...p} />;
export const TBody = (p: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...p} />;
export const Tr = ({ className, ...p }: HTMLAttributes<HTMLTableRowElement>) => (
  <tr className={cn("border-b border-border last:border-0", className)} {...p} />
);
export const Th = ({ className, ...p }: ThHTMLAttributes<HTMLTableCellElement>) => (
  <th className={cn("h-10 whitespace-nowrap px-3 text-left align-middle font-medium text-muted-foreground", className)} {...p} />
);
export const Td = ({ className, ...p }: TdHTMLAttributes<HTMLTableCellElement> & { "data-label"?: string }) => (
  <td className={cn("px-3 py-2 align-middle", className)} {...p} />
);

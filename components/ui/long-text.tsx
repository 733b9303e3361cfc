import { cn } from "@/lib/utils";

/**
 * Text that may be long (an email, a channel) in a table cell: it wraps on phones (stacked tables) and stays on one
 * truncated line in wide tables, so it never pushes the amount off-screen; the whole of it on hover.
 */
export const LONG_TEXT = "block wrap-anywhere sm:truncate";

export function LongText({ text, className }: { text: string; className?: string }) {
  return (
    <span title={text} className={cn(LONG_TEXT, "sm:max-w-48", className)}>
      {text}
    </span>
  );
}

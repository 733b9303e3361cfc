import Link from "next/link";
import { buttonVariants } from "./button";

/**
 * "Newest / Older" links for keyset paging: keeps the current filters and swaps the cursor.
 */
export function CursorPager({
  basePath,
  params,
  nextCursor,
  labels,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  labels: { newest: string; older: string };
}) {
  const href = (cursor?: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v && k !== "cursor") q.set(k, v);
    if (cursor) q.set("cursor", cursor);
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <nav className="flex items-center justify-end gap-2" aria-label="pagination">
      {params.cursor && (
        <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={href()}>
          {labels.newest}
        </Link>
      )}
      {nextCursor !== null && (
        <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={href(nextCursor)}>
          {labels.older}
        </Link>
      )}
    </nav>
  );
}

import type { DiffLine } from "@/lib/derp-map/version-diff";
import { cn } from "@/lib/utils";

/** Two versions' JSON, changed lines marked (+ green, - red), unchanged ones dimmed. */
export function VersionDiff({ lines, title, same }: { lines: DiffLine[]; title: string; same: string }) {
  const changed = lines.some((l) => l.kind !== "same");
  return (
    <div className="space-y-2" data-testid="version-diff">
      <p className="text-sm font-medium">{title}</p>
      {!changed ? (
        <p className="text-sm text-muted-foreground">{same}</p>
      ) : (
        <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs leading-relaxed">
          {lines.map((l, i) => (
            <div
              key={i}
              data-kind={l.kind}
              className={cn(
                l.kind === "added" && "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
                l.kind === "removed" && "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
                l.kind === "same" && "text-muted-foreground",
              )}
            >
              {l.kind === "added" ? "+ " : l.kind === "removed" ? "- " : "  "}
              {l.text}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}

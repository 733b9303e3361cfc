import { diffLines } from "diff";
import type { DerpMapVersion } from "@/db/schema";
import { renderDerpMap } from "./render";

export interface DiffLine {
  kind: "added" | "removed" | "same";
  text: string;
}

/**
 * The lines that changed between two versions, compared as bare JSON (the comment headers name the version
 * number and would always differ).
 */
export function diffDerpMapVersions(from: Pick<DerpMapVersion, "content" | "version">, to: Pick<DerpMapVersion, "content" | "version">): DiffLine[] {
  const text = (v: typeof from) => renderDerpMap(v.content, "json", { version: v.version, appUrl: "" }).body;
  return diffLines(text(from), text(to)).flatMap((part) =>
    part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => ({ kind: part.added ? "added" : part.removed ? "removed" : "same", text: line }) as DiffLine),
  );
}

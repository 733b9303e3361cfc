import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Select } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { VersionSummary } from "@/lib/derp-map/customer-map";
import type { DiffLine } from "@/lib/derp-map/version-diff";
import { VersionDiff } from "./version-diff";

/** The versions, newest first, and a GET form choosing two of them to compare. */
export function VersionList({ versions, diff }: { versions: VersionSummary[]; diff: { from: number; to: number; lines: DiffLine[] } | null }) {
  const t = useTranslations("derpMap");
  const reason = (r: string) => {
    if (r.startsWith("relay_")) return t("reasons.relay", { reason: r.slice(6) });
    return ["first", "allocation", "manual", "settings", "repair"].includes(r) ? t(`reasons.${r}` as "reasons.first") : r;
  };
  const newest = versions[0]?.version ?? 1;
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">{t("versions.lead")}</p>
      <Table data-testid="versions">
        <THead>
          <Tr>
            <Th>{t("versions.version")}</Th>
            <Th>{t("versions.reason")}</Th>
            <Th>{t("versions.at")}</Th>
          </Tr>
        </THead>
        <TBody>
          {versions.map((v) => (
            <Tr key={v.version} data-testid="version-row">
              <Td className="font-medium">{v.version}</Td>
              <Td>{reason(v.reason)}</Td>
              <Td>
                <DateTime value={v.createdAt} />
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {versions.length > 1 && (
        <form action="/acl" method="get" className="flex flex-wrap items-end gap-3">
          <label className="space-y-1 text-xs font-medium text-muted-foreground">
            <span className="block">{t("versions.from")}</span>
            <Select name="from" defaultValue={String(diff?.from ?? Math.max(1, newest - 1))} data-testid="diff-from">
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </Select>
          </label>
          <label className="space-y-1 text-xs font-medium text-muted-foreground">
            <span className="block">{t("versions.to")}</span>
            <Select name="to" defaultValue={String(diff?.to ?? newest)} data-testid="diff-to">
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </Select>
          </label>
          <Button type="submit" size="sm" variant="outline" data-testid="diff-show">
            {t("versions.show")}
          </Button>
        </form>
      )}
      {diff && <VersionDiff lines={diff.lines} title={t("versions.diffTitle", { from: diff.from, to: diff.to })} same={t("versions.noChanges")} />}
    </div>
  );
}

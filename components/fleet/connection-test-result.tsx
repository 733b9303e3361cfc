import { useFormatter, useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import type { ConnectionTestResult } from "@/lib/fleet/servers/test-connection";

/** What a connection test found: the engine's version, CPUs, memory and running containers, or the exact error. */
export function ConnectionTestResultView({ result }: { result: ConnectionTestResult }) {
  const t = useTranslations("fleet.test");
  const format = useFormatter();
  const took = t("took", { ms: result.durationMs });
  if (!result.ok) {
    return (
      <Alert data-testid="connection-test-result" data-ok="false">
        <p className="font-medium">
          {t("failed")} <span className="font-mono text-xs">({result.error.code})</span>
        </p>
        <p className="mt-1 break-words font-mono text-xs">{result.error.message}</p>
        <p className="mt-1 text-xs opacity-80">{took}</p>
      </Alert>
    );
  }
  const h = result.hostInfo;
  return (
    <Alert tone="success" data-testid="connection-test-result" data-ok="true">
      <p className="font-medium">{t("ok")}</p>
      <p className="mt-1">
        {t("hostInfo", {
          version: h.dockerVersion,
          cpus: h.cpus,
          memory: format.number(h.memoryBytes / 1024 ** 3, { maximumFractionDigits: 1 }),
          containers: h.containersRunning,
        })}
      </p>
      <p className="mt-1 text-xs opacity-80">
        {h.os} · {h.architecture}
        {h.apiVersion ? ` · API ${h.apiVersion}` : ""} · {took}
      </p>
    </Alert>
  );
}

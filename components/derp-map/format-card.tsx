import { Download } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardDescription, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import "./derp-code.css";

/**
 * One format of the map: highlighted on the server (the HTML comes from highlight.js, which escapes the text),
 * with copy and download. The download goes through GET /api/acl/download so it is logged like any other.
 */
export function FormatCard({
  format,
  title,
  hint,
  body,
  html,
  downloadHref,
  labels,
}: {
  format: string;
  title: string;
  hint: string;
  body: string;
  html: string;
  downloadHref: string;
  labels: { copy: string; copied: string; copyFailed: string; download: string };
}) {
  const id = `derp-map-${format}`;
  return (
    <Card className="space-y-3" data-testid={`format-${format}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <CardTitle>{title}</CardTitle>
          <CardDescription>{hint}</CardDescription>
        </div>
        <div className="flex gap-2">
          <CopyButton text={body} selectTarget={id} label={labels.copy} copiedLabel={labels.copied} failedLabel={labels.copyFailed} data-testid={`copy-${format}`} />
          <a href={downloadHref} download className={buttonVariants({ variant: "outline", size: "sm" })} data-testid={`download-${format}`}>
            <Download className="h-4 w-4" aria-hidden />
            {labels.download}
          </a>
        </div>
      </div>
      <pre className="derp-code max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs leading-relaxed">
        <code id={id} dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    </Card>
  );
}

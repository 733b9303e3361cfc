import { badRequest, payloadTooLarge } from "@/lib/errors";

/** The largest request body any route reads. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * A request body as text, read as a stream and abandoned as soon as it passes `max` bytes (413): a body
 * without Content-Length (chunked) or with a false one can not make the server buffer more than that. Bytes
 * that are not UTF-8 are refused rather than replaced.
 */
export async function readBodyText(req: Request, max = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > max) throw payloadTooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("invalid_body_encoding");
  }
}

/** A JSON request body; an empty body is `{}`. */
export async function readJsonBody(req: Request, max = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, max);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("invalid_json");
  }
}

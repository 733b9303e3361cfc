/**
 * A minimal ustar writer for the few small files a relay container gets through `putArchive` (its certificate
 * and key). tar-stream is only a transitive, untyped dependency of dockerode; a ustar archive of a handful of
 * regular files and directories is a few header fields, so it is written here instead of depending on it.
 */

export type TarEntry =
  | { type: "dir"; name: string; mode?: number }
  | { type: "file"; name: string; content: string | Buffer; mode?: number };

const BLOCK = 512;

export function tarArchive(entries: readonly TarEntry[], mtime = new Date()): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const body = entry.type === "file" ? Buffer.from(entry.content) : Buffer.alloc(0);
    const name = entry.type === "dir" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
    parts.push(header(name, entry.type, body.length, entry.mode ?? (entry.type === "dir" ? 0o755 : 0o644), mtime));
    if (body.length > 0) {
      parts.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
    }
  }
  // Two zero blocks end the archive.
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function header(name: string, type: "file" | "dir", size: number, mode: number, mtime: Date): Buffer {
  if (name.startsWith("/") || name.split("/").includes("..")) throw new Error(`unsafe tar path ${JSON.stringify(name)}`);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar path longer than 100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0); // uid root
  octal(h, 116, 8, 0); // gid root
  octal(h, 124, 12, size);
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  h.write(type === "dir" ? "5" : "0", 156, 1, "ascii");
  h.write("ustar\0", 257, 6, "ascii");
  h.write("00", 263, 2, "ascii");
  h.write("root", 265, 32, "ascii");
  h.write("root", 297, 32, "ascii");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8, "ascii");
  return h;
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar field too small for ${value}`);
  h.write(`${digits.padStart(length - 1, "0")}\0`, offset, length, "ascii");
}

/** Escapes LIKE wildcards so that a search for "50%" finds that text, not everything. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

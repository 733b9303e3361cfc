/**
 * The metric names a PromQL expression reads. Not a full parser: it drops what cannot be a metric name (quoted
 * strings, label matchers in braces, ranges and offsets, the label lists of by/without/on/ignoring/group_*),
 * then every identifier that is not a function call, keyword or number is a metric name. Grafana's
 * `label_values(metric, label)` is read as its metric.
 */
const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan"]);

export function metricNamesIn(expr: string): string[] {
  const labelValues = /label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)/g;
  const fromLabelValues = [...expr.matchAll(labelValues)].map((m) => m[1]);
  const stripped = expr
    .replace(labelValues, " ")
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\boffset\s+\S+/g, " ")
    .replace(/\$[a-zA-Z_][a-zA-Z0-9_]*|\$\{[^}]*\}/g, " ");
  // A number's exponent (the e of 1e3) is not a name: a name never follows a digit or a dot.
  const names = [...stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter((m) => !m[2] && !KEYWORDS.has(m[1].toLowerCase()))
    .map((m) => m[1]);
  return [...new Set([...fromLabelValues, ...names])];
}

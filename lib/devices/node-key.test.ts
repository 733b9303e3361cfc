import { describe, expect, it } from "vitest";
import { nodeKeyField, parseNodeKey } from "./node-key";

const hex = "0123456789abcdef".repeat(4);

describe("node keys", () => {
  it("accepts nodekey: and 64 hex digits, normalised to lower case without surrounding space", () => {
    expect(parseNodeKey(`nodekey:${hex}`)).toBe(`nodekey:${hex}`);
    expect(parseNodeKey(`  NODEKEY:${hex.toUpperCase()}\n`)).toBe(`nodekey:${hex}`);
  });

  it("refuses everything else", () => {
    for (const bad of [
      hex,
      `nodekey:${hex.slice(1)}`,
      `nodekey:${hex}0`,
      `nodekey:${hex.slice(1)}g`,
      `mkey:${hex}`,
      `nodekey: ${hex}`,
      `nodekey:${hex} x`,
      "",
      null,
      42,
      `nodekey:${hex}`.padEnd(300, " "),
    ]) {
      expect(parseNodeKey(bad), String(bad)).toBeNull();
    }
  });

  it("words a missing and a malformed key differently", () => {
    const codes = (v: string) => nodeKeyField.safeParse(v).error?.issues.map((i) => i.message);
    expect(codes("  ")).toEqual(["node_key_required"]);
    expect(codes("nodekey:xyz")).toEqual(["node_key_invalid"]);
    expect(nodeKeyField.parse(`NodeKey:${hex}`)).toBe(`nodekey:${hex}`);
  });
});

import { describe, expect, it } from "vitest";
import { isAddressOrCidr } from "./cidr";

describe("isAddressOrCidr", () => {
  it("accepts addresses and networks with a valid prefix", () => {
    for (const ok of ["127.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "::1", "2001:db8::/32", "::/0", "192.0.2.1/32", "fd00::/128"]) expect(isAddressOrCidr(ok), ok).toBe(true);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8/1", "10.0.0/8", "example.com", "10.0.0.0/-1", "10.0.0.0/ 8", "*"]) {
      expect(isAddressOrCidr(bad), bad).toBe(false);
    }
  });
});

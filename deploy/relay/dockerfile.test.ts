import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// build-image.sh (no registry) and the multi-stage Dockerfile (for operators) must produce the same image: the
// final stage of one is the other with the build stage's rootfs as the source.
const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
const instructions = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));

describe("relay Dockerfiles", () => {
  it("share the final stage", () => {
    const multiStage = instructions(read("./Dockerfile"));
    const finalStage = multiStage.slice(multiStage.lastIndexOf("FROM scratch"));
    const scratch = instructions(read("./scratch.Dockerfile"));
    expect(finalStage.map((line) => line.replace("COPY --from=build /rootfs/ /", "COPY rootfs/ /"))).toEqual(scratch);
  });

  it("take the Tailscale version from versions.env, not from a copy", () => {
    const dockerfile = read("./Dockerfile");
    expect(dockerfile).toContain("COPY versions.env ./");
    expect(dockerfile).toContain("tailscale.com/cmd/derper@${TAILSCALE_VERSION}");
    expect(dockerfile).not.toMatch(/v\d+\.\d+\.\d+/);
  });
});

import { afterAll, describe, expect, it } from "vitest";
import { demuxDockerLogs, dockerForTests } from "@/tests/helpers/docker";
import { relayImageForTests, relayVersions } from "@/tests/helpers/relay-image";
import { unique } from "@/tests/helpers/db";

// Decided at collection time: skipped loudly without an engine or the relay image on a developer machine, a
// failure in CI.
const docker = await dockerForTests();
const relayImage = docker && (await relayImageForTests(docker));

describe.skipIf(!relayImage)("Docker engine", () => {
  const engine = docker!;
  const image = relayImage!;
  const created: string[] = [];

  afterAll(async () => {
    // Only if an assertion failed before the test removed its container.
    for (const id of created) {
      await engine
        .getContainer(id)
        .remove({ force: true })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode !== 404) throw error;
        });
    }
  });

  it("runs a program from the relay image, reads its output and removes the container", async () => {
    const name = `derp-test-${unique("version")}`;
    const container = await engine.createContainer({
      Image: image,
      name,
      Entrypoint: ["/derper"],
      Cmd: ["-version"],
      Labels: { "org.derpmanagement.test": "docker-engine" },
      HostConfig: { NetworkMode: "none" },
    });
    created.push(container.id);

    await container.start();
    const exit = await container.wait();
    const output = demuxDockerLogs(await container.logs({ stdout: true, stderr: true, follow: false }));

    expect(output.stderr).toBe("");
    // The version stamped at build time, the pin of versions.env without its "v".
    expect(output.stdout).toBe(`${relayVersions().TAILSCALE_VERSION.replace(/^v/, "")}\n`);
    expect(exit.StatusCode).toBe(0);

    await container.remove();
    created.pop();
    const after = await engine.listContainers({ all: true, filters: { id: [container.id] } });
    expect(after).toEqual([]);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("reports a refused configuration through the exit code and stderr", async () => {
    // No DERP_DOMAIN and a misspelt variable: the entrypoint must refuse before derper starts.
    const container = await engine.createContainer({
      Image: image,
      Env: ["DERP_STUNPORT=3478"],
      HostConfig: { NetworkMode: "none" },
    });
    created.push(container.id);
    await container.start();
    const exit = await container.wait();
    const output = demuxDockerLogs(await container.logs({ stdout: true, stderr: true, follow: false }));
    expect(exit.StatusCode).toBe(2);
    expect(output.stderr).toContain("DERP_DOMAIN is required");
    expect(output.stderr).toContain("DERP_STUNPORT is not a variable this image knows");
    expect(output.stdout).toBe("");
    await container.remove();
    created.pop();
  });
});

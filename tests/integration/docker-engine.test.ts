import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demuxDockerLogs, dockerForTests } from "@/tests/helpers/docker";
import { ensureHelloImage, HELLO_IMAGE } from "@/tests/helpers/images";
import { unique } from "@/tests/helpers/db";

// Decided at collection time: skipped loudly without an engine on a developer machine, a failure in CI.
const docker = await dockerForTests();

describe.skipIf(!docker)("Docker engine", () => {
  const engine = docker!;
  const created: string[] = [];

  beforeAll(async () => {
    await ensureHelloImage(engine);
  }, 600_000);

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

  it("builds the hello image from this repository, runs it, reads its output and removes it", async () => {
    const name = unique("hello");
    const container = await engine.createContainer({
      Image: HELLO_IMAGE,
      name: `derp-test-${name}`,
      Env: [`HELLO_NAME=${name}`],
      Labels: { "org.derpmanagement.test": "docker-engine" },
      HostConfig: { NetworkMode: "none" },
    });
    created.push(container.id);

    await container.start();
    const exit = await container.wait();
    const output = demuxDockerLogs(await container.logs({ stdout: true, stderr: true, follow: false }));

    expect(output.stderr).toBe("");
    expect(output.stdout).toMatch(new RegExp(`^hello from the derpmanagement test image: ${name} \\(node v\\d+\\.\\d+\\.\\d+\\)\\n$`));
    expect(exit.StatusCode).toBe(0);

    await container.remove();
    created.pop();
    const after = await engine.listContainers({ all: true, filters: { id: [container.id] } });
    expect(after).toEqual([]);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("reports a failing program through its exit code and stderr", async () => {
    // No HELLO_NAME: the program must refuse, which shows the previous test's output really came from it.
    const container = await engine.createContainer({ Image: HELLO_IMAGE, HostConfig: { NetworkMode: "none" } });
    created.push(container.id);
    await container.start();
    const exit = await container.wait();
    const output = demuxDockerLogs(await container.logs({ stdout: true, stderr: true, follow: false }));
    expect(exit.StatusCode).toBe(2);
    expect(output.stderr).toContain("HELLO_NAME is not set");
    expect(output.stdout).toBe("");
    await container.remove();
    created.pop();
  });
});

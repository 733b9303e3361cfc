import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * The command-line tools that render deploy/: docker-compose (Debian's 1.29, `config` only: images cannot be
 * pulled here) and kustomize (built from source by scripts/ci/kustomize.sh). .ci/run installs both.
 * Missing: in CI (CI=true) a failure; on a developer machine the tests are skipped with a loud notice.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export function dockerComposeForTests(): string | null {
  return found("docker-compose", () => {
    execFileSync("docker-compose", ["version"], { stdio: "ignore" });
    return "docker-compose";
  }, "apt-get install docker-compose");
}

/** The kustomize binary; the script prints the cached build at once, or builds it (about a minute, needs Go). */
export function kustomizeForTests(): string | null {
  return found("kustomize", () =>
    execFileSync("bash", [`${ROOT}scripts/ci/kustomize.sh`], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 }).trim(),
  "bash scripts/ci/kustomize.sh");
}

function found(tool: string, locate: () => string, install: string): string | null {
  let failure: string;
  try {
    return locate();
  } catch (error) {
    const e = error as Error & { stderr?: string | Buffer };
    failure = (String(e.stderr ?? "").trim() || e.message).split("\n").slice(-2).join(" ");
  }
  if (process.env.CI === "true") {
    throw new Error(`${tool} is required in CI: ${failure}. Install it with \`${install}\` (.ci/run does this).`);
  }
  const bar = "!".repeat(78);
  console.warn(
    ["", bar, `!!  NO ${tool.toUpperCase()}: the deploy manifest tests that need it are SKIPPED (${failure}).`, `!!  Install it with \`${install}\`; in CI (CI=true) these tests fail instead.`, bar, ""].join("\n"),
  );
  return null;
}

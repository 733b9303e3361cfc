import { closeDb } from "@/db/client";
import { describeStartupError } from "./startup-error";

/**
 * Runs a command-line entry point (npm run db:migrate, admin:create): exits with the code `main` returns after
 * closing the database; a failure is one readable line on stderr and exit code 1.
 */
export function runCommand(main: () => Promise<number | void>): void {
  main()
    .then(async (code) => {
      await closeDb();
      process.exit(code ?? 0);
    })
    .catch(async (e: unknown) => {
      console.error(describeStartupError(e));
      await closeDb().catch(() => undefined);
      process.exit(1);
    });
}

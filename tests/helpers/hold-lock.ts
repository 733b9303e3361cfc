// A stand-in worker process for the lock test: takes the leader lock for a job and never finishes, so the
// test can kill it the way a crash would. Usage: tsx tests/helpers/hold-lock.ts <databaseUrl> <job>
import { openPostgres } from "@/db/client";
import { runJob } from "@/worker/run-job";

const [url, name] = process.argv.slice(2);
const handle = openPostgres(url, 2, "lock-holder");
void runJob(handle, name, async () => {
  console.log("holding");
  await new Promise(() => undefined);
});

/**
 * Runs once when the server starts: migrate, seed, and in the embedded mode start the worker's schedules
 * inside this process. The Node-only code is imported lazily so the edge bundle never sees it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./server/boot");
    await boot();
  }
}

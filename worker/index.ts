import { runWorkerProcess } from "@/server/worker-process";

// `npm run worker`: the process itself is put together in server/ (the one place that wires start-up).
runWorkerProcess(process.argv.slice(2));

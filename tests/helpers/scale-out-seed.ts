/**
 * `node --import tsx tests/helpers/scale-out-seed.ts <database url>`: migrates a fresh database and puts in what
 * the scale-out proof and benchmark need, then prints it as one JSON line: a customer who can log in, an active
 * rental with a customer relay row (no container: admission only reads the row) and its admission secret, two
 * devices, and a direct link. Run as its own process so that Playwright never loads the app's modules.
 */
import { openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createDerpMapLink } from "@/lib/derp-map/links";
import { addDevice } from "@/lib/devices/devices";
import { makeAdmissionRelay, randomNodeKey } from "./admission";
import { createUser, sessionUser } from "./auth";

export interface ScaleOutSeed {
  email: string;
  password: string;
  admissionSecret: string;
  /** Stays registered for the whole run: admission allows it. */
  keptKey: string;
  /** The test removes it through one replica and asks another. */
  removableKey: string;
  removableDeviceId: string;
  linkToken: string;
}

async function main(url: string): Promise<ScaleOutSeed> {
  const handle = openPostgres(url, 2, "scale-out-seed");
  try {
    await runMigrations(handle);
    const { db } = handle;
    const customer = await createUser(db, { password: "scale-out customer password" });
    const self = sessionUser(customer);
    // A large device limit: the load test adds hundreds of devices through nginx.
    const { secret } = await makeAdmissionRelay(db, { userId: customer.id, deviceLimit: 100_000 });
    const keptKey = randomNodeKey();
    const removableKey = randomNodeKey();
    await addDevice(db, self, { name: "kept", nodeKey: keptKey });
    const removable = await addDevice(db, self, { name: "removable", nodeKey: removableKey });
    const { token } = await createDerpMapLink(db, self, customer.id);
    return {
      email: customer.email,
      password: customer.password,
      admissionSecret: secret,
      keptKey,
      removableKey,
      removableDeviceId: removable.id,
      linkToken: token,
    };
  } finally {
    await handle.close();
  }
}

const url = process.argv[2];
if (!url) {
  console.error("usage: scale-out-seed.ts <database url>");
  process.exit(2);
}
main(url).then(
  (seed) => {
    process.stdout.write(JSON.stringify(seed) + "\n");
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

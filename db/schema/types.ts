import { customType } from "drizzle-orm/pg-core";

/** Raw bytes; postgres.js returns a Buffer, PGlite a Uint8Array: both become a Buffer here. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array | string }>({
  dataType: () => "bytea",
  fromDriver: (value) => {
    if (typeof value === "string") return Buffer.from(value.replace(/^\\x/, ""), "hex");
    return Buffer.isBuffer(value) ? value : Buffer.from(value);
  },
});

// Every domain's tables, in one object, for the Drizzle client and drizzle-kit.
export * from "./accounts";
export * from "./logs";
export * from "./billing";
export * from "./orders";
export * from "./regions";
export * from "./rentals";
export * from "./history";
export * from "./fleet";
export * from "./devices";
export * from "./derp-map";
export * from "./alerts";

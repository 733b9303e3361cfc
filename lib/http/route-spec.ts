import type { z } from "zod";
import type { Access } from "./guard";

/** What a route declares to apiRoute: the same schemas it validates with, read back by the OpenAPI document. */
export interface RouteSpec {
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  sameSiteOnly?: boolean;
}

const ROUTE_SPEC = Symbol.for("derpmanagement.routeSpec");

/** Marks a handler with its declaration, so that the API reference is generated from what the route checks. */
export function withRouteSpec<H extends object>(spec: RouteSpec, handler: H): H {
  return Object.assign(handler, { [ROUTE_SPEC]: spec });
}

/** The declaration apiRoute() attached to a handler, or null for a handler written by hand. */
export function routeSpecOf(handler: unknown): RouteSpec | null {
  if (typeof handler !== "function") return null;
  return ((handler as unknown as Record<symbol, RouteSpec | undefined>)[ROUTE_SPEC] ?? null);
}

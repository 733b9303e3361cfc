import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NextRequest } from "next/server";
import { METHOD_NOT_ALLOWED } from "@/lib/http/methods";

/**
 * Every route module under app/api, found on disk and imported, so that tests which sweep all routes cover a
 * new route the day it is added. Handlers are called directly, as Next would call them.
 */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
export type Params = Record<string, string | string[]>;
type Handler = (req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>;

export interface RouteModule {
  /** "/api/admin/plans/[id]" */
  route: string;
  /** The methods the route implements. */
  handlers: Partial<Record<Method, Handler>>;
  /** The methods it answers 405 (lib/http/methods.ts). */
  notAllowed: Partial<Record<Method, Handler>>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRouteFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

function routeOf(file: string): string {
  const dir = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  // Route groups "(name)" do not appear in the URL.
  return "/" + dir.filter((s) => !/^\(.*\)$/.test(s)).join("/");
}

/** Every route module under app/api with its exported method handlers, sorted by route. */
export async function loadRouteModules(): Promise<RouteModule[]> {
  const files = findRouteFiles(path.join(ROOT, "app/api"));
  const modules = await Promise.all(
    files.map(async (file) => {
      const mod = (await import(/* @vite-ignore */ file)) as Partial<Record<Method, Handler>>;
      const handlers: RouteModule["handlers"] = {};
      const notAllowed: RouteModule["notAllowed"] = {};
      for (const m of METHODS) {
        const fn = mod[m];
        if (typeof fn !== "function") continue;
        if ((fn as unknown as Record<symbol, unknown>)[METHOD_NOT_ALLOWED]) notAllowed[m] = fn;
        else handlers[m] = fn;
      }
      return { route: routeOf(file), handlers, notAllowed };
    }),
  );
  return modules.sort((a, b) => a.route.localeCompare(b.route));
}

export const methodsOf = (m: RouteModule): Method[] => METHODS.filter((x) => m.handlers[x]);

/** Dynamic segments of a route: [name], [...name] or [[...name]]. */
export function segments(route: string): { name: string; catchAll: boolean }[] {
  return [...route.matchAll(/\[(\[)?(\.\.\.)?([^\]]+)\]\]?/g)].map((m) => ({ name: m[3], catchAll: Boolean(m[2]) }));
}

/** Values for the route's parameters: a fresh uuid for each one unless given. */
function paramsFor(route: string, given: Params = {}): Params {
  const out: Params = {};
  for (const s of segments(route)) out[s.name] = given[s.name] ?? (s.catchAll ? ["probe"] : randomUUID());
  return out;
}

function urlFor(route: string, params: Params, query = ""): string {
  const p = route.replace(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g, (_, name: string) => {
    const v = params[name];
    return Array.isArray(v) ? v.map(encodeURIComponent).join("/") : encodeURIComponent(v);
  });
  return `http://localhost:3000${p}${query}`;
}

export interface Answer {
  status: number;
  // Answers are arbitrary JSON (or CSV); `any` keeps the assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  res: Response;
}

/**
 * Calls one method of a route module; POST, PUT and PATCH send `body` (default `{}`) as JSON (a string is sent
 * as it is, a ReadableStream as a chunked body without Content-Length).
 */
export async function invoke(
  mod: RouteModule,
  method: Method,
  opts: { headers?: Record<string, string>; params?: Params; query?: string; body?: unknown } = {},
): Promise<Answer> {
  const handler = mod.handlers[method] ?? mod.notAllowed[method];
  if (!handler) throw new Error(`${mod.route} has no ${method} handler`);
  const params = paramsFor(mod.route, opts.params);
  const hasBody = method === "POST" || method === "PUT" || method === "PATCH";
  const sent = opts.body instanceof ReadableStream || typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body ?? {});
  const req = new NextRequest(urlFor(mod.route, params, opts.query), {
    method,
    headers: { "content-type": "application/json", ...opts.headers },
    body: hasBody ? sent : undefined,
    ...(sent instanceof ReadableStream ? { duplex: "half" } : {}),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a CSV or text download): the text is the body.
  }
  return { status: res.status, body, text, res };
}

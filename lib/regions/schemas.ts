import { z } from "zod";
import { isCountryCode } from "./country";

/**
 * Input schemas shared by the REST routes and the server actions. JSON bodies take JSON numbers only; the
 * form schema coerces the text an HTML form sends. Messages that are error codes are translated by
 * lib/validation.ts.
 */

/** 2-32 characters of [a-z0-9-], starting and ending with a letter or digit (as the database checks). */
export const REGION_CODE = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])$/;

/** A region code as typed: trimmed and lower-cased, then checked. */
export const regionCodeSchema = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.string().regex(REGION_CODE, "region_invalid"));

const countrySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine(isCountryCode, "country_invalid");

const name = z.string().trim().min(1).max(100);
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const sortOrder = z.number().int().min(-1_000_000).max(1_000_000);

/** POST /api/admin/regions. Coordinates and country are optional; null and absent both mean "none". */
export const regionInput = z.object({
  code: regionCodeSchema,
  nameEn: name,
  nameZh: name,
  latitude: latitude.nullish().transform((v) => v ?? null),
  longitude: longitude.nullish().transform((v) => v ?? null),
  country: countrySchema.nullish().transform((v) => v ?? null),
  active: z.boolean().default(true),
  sortOrder: sortOrder.default(0),
});
export type RegionInput = z.output<typeof regionInput>;

/** PATCH /api/admin/regions/<id>: only the fields given change; null clears an optional one. */
export const regionPatch = z.object({
  code: regionCodeSchema.optional(),
  nameEn: name.optional(),
  nameZh: name.optional(),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  country: countrySchema.nullable().optional(),
  active: z.boolean().optional(),
  sortOrder: sortOrder.optional(),
});
export type RegionPatch = z.output<typeof regionPatch>;

/** A checkbox sends "on" when ticked and nothing when not. */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean());

/** The admin form's fields (text read as these types by parseInput); an empty optional field clears it. */
export const regionFormFields = z.object({
  code: regionCodeSchema,
  nameEn: name,
  nameZh: name,
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  country: countrySchema.optional(),
  active: checkbox,
  sortOrder: sortOrder.default(0),
});

export function regionFormToInput(v: z.output<typeof regionFormFields>): RegionInput {
  return { ...v, latitude: v.latitude ?? null, longitude: v.longitude ?? null, country: v.country ?? null };
}

export const regionFormInput = regionFormFields.transform(regionFormToInput);

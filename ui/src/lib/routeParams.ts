import type { RouteParamValue } from "vue-router";

/** The record number in an address (/cases/5, /pushes/7), or null when it is not one. */
export function idParam(value: RouteParamValue | RouteParamValue[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
}

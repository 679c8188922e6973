import type { ImportPreview } from "../bindings/ImportPreview";

/**
 * "确认导入" is allowed once a preview exists, it has at least one row to import, and any
 * row with errors is explicitly skipped.
 */
export function canApplyImport(preview: ImportPreview | null, skipInvalid: boolean): boolean {
  if (!preview) return false;
  if (preview.valid === 0) return false;
  return preview.invalid === 0 || skipInvalid;
}

/**
 * A positive integer id from the address (?product=12), else undefined. lib/use-address-params
 * has the same rule for client components; this copy is for the server parts of the pages
 * (list-input.ts, report-input.ts), which cannot call into a client module.
 */
export function idParam(value: string | null): number | undefined {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** What a page's server part gets as `searchParams`, read as URLSearchParams.get reads it (the first of repeated ones). */
export function searchParamsGetter(params: Record<string, string | string[] | undefined>) {
  return {
    get(key: string): string | null {
      const value = params[key];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    },
  };
}

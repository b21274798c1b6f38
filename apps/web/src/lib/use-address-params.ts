"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { startTransition, useOptimistic } from "react";

/** A positive integer id from the address, else undefined. */
export function idParam(value: string | null): number | undefined {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * A page's settings kept in its address (?key=value…), so a view survives a reload and can
 * be bookmarked or shared. `set` merges changes into the current parameters (undefined or ""
 * removes one) and replaces the address without scrolling. router.replace lands only once
 * its navigation has; until then the page reads (and builds on) the address asked for, so
 * an input does not snap back and two quick changes do not undo each other.
 */
export function useAddressParams<Key extends string>() {
  const router = useRouter();
  const pathname = usePathname();
  const [query, setQuery] = useOptimistic(useSearchParams().toString());
  const set = (changes: Partial<Record<Key, string | number | undefined>>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries<string | number | undefined>(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, String(value));
    }
    const nextQuery = next.toString();
    startTransition(() => {
      setQuery(nextQuery);
      router.replace(nextQuery ? `${pathname}?${nextQuery}` : pathname, { scroll: false });
    });
  };
  return [new URLSearchParams(query), set] as const;
}

"use client";

import type * as React from "react";
import { useSyncExternalStore } from "react";

import { Input } from "~/components/ui/input";

const noChange = () => () => undefined;
// The browser's list, not the server's: Node and the browser carry different ICU data, so the
// list is rendered only once hydrated (the server's snapshot is empty), never mismatching.
const browserZones = () => zoneList;
const serverZones = (): readonly string[] => [];
const zoneList: readonly string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/**
 * A time zone field: free text (the API reads any IANA name in any letter case, validators
 * `timeZone`), suggesting the browser's IANA zones as staff type ("Berl" → Europe/Berlin),
 * so a shop's reports are not left counting days in a misspelt zone.
 */
export function TimeZoneInput({ id, ...props }: React.ComponentProps<typeof Input> & { id: string }) {
  const zones = useSyncExternalStore(noChange, browserZones, serverZones);
  const listId = `${id}-zones`;
  return (
    <>
      <Input id={id} list={listId} autoComplete="off" spellCheck={false} {...props} />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

"use client";

import type * as React from "react";
import { DayPicker } from "react-day-picker";
import type { DayPickerLocale } from "react-day-picker";
import { de } from "react-day-picker/locale/de";
import { deAT } from "react-day-picker/locale/de-AT";
import { enAU } from "react-day-picker/locale/en-AU";
import { enGB } from "react-day-picker/locale/en-GB";
import { enIE } from "react-day-picker/locale/en-IE";
import { enNZ } from "react-day-picker/locale/en-NZ";
import { enUS } from "react-day-picker/locale/en-US";
import { es } from "react-day-picker/locale/es";
import { fr } from "react-day-picker/locale/fr";
import { it } from "react-day-picker/locale/it";
import { nl } from "react-day-picker/locale/nl";
import { pl } from "react-day-picker/locale/pl";
import { pt } from "react-day-picker/locale/pt";
import { sv } from "react-day-picker/locale/sv";
import "react-day-picker/style.css";

import { cn } from "~/lib/utils";

/**
 * The calendar's language for a shop locale (BCP 47): month and weekday names, the first day
 * of the week and its screen-reader labels, from date-fns' locales as DayPicker ships them. Only
 * the locales the shop settings offer (validators commonShopLocales) are bundled; another tag
 * gets its language's ("de-LU" → de), else English.
 */
const calendarLocales: Record<string, Partial<DayPickerLocale>> = {
  "en-GB": enGB,
  "en-US": enUS,
  "en-IE": enIE,
  "en-AU": enAU,
  "en-NZ": enNZ,
  "de-AT": deAT,
  de,
  fr,
  es,
  it,
  nl,
  pl,
  pt,
  sv,
};

export function calendarLocale(tag: string | undefined): Partial<DayPickerLocale> | undefined {
  if (!tag) return undefined;
  return calendarLocales[tag] ?? calendarLocales[tag.split("-")[0] ?? ""];
}

/** shadcn's Calendar: react-day-picker in the app's colours, sized for a finger on a tablet. */
export function Calendar({ className, ...props }: React.ComponentProps<typeof DayPicker>) {
  return (
    <DayPicker
      className={cn(
        "p-3 text-sm [--rdp-accent-background-color:var(--accent)] [--rdp-accent-color:var(--primary)] [--rdp-day-height:40px] [--rdp-day-width:40px] [--rdp-day_button-height:38px] [--rdp-day_button-width:38px]",
        className,
      )}
      classNames={{ dropdown: "rdp-dropdown bg-popover", selected: "rdp-selected [&>button]:bg-primary [&>button]:text-primary-foreground" }}
      {...props}
    />
  );
}

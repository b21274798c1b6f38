"use client";

import { endOfYear } from "date-fns";
import { CalendarIcon } from "lucide-react";
import { Popover } from "radix-ui";
import { lazy, Suspense, useState, type ComponentProps } from "react";
import type { Matcher } from "react-day-picker";

import { Button } from "~/components/ui/button";
import type { Calendar as DayCalendar } from "~/components/ui/calendar";
import { PickerTrigger } from "~/components/ui/picker-trigger";
import { shopToday, toLocalDate } from "~/lib/dates";
import { displayLocale, formatDateField } from "~/lib/format";

/** A YYYY-MM-DD calendar date as a local Date at midnight (what the calendar works in). */
const asDate = (value: string) => {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

/**
 * The calendar (react-day-picker with its locales, ~45 KiB gzipped) is fetched when a date field
 * is first pointed at, focused or opened, not with the page: the sales, analytics and cash-up
 * pages' first load (issue 21).
 */
const loadCalendar = () => import("~/components/ui/calendar");
const ShopCalendar = lazy(() =>
  loadCalendar().then(({ Calendar, calendarLocale }) => ({
    default: (props: ComponentProps<typeof DayCalendar>) => <Calendar locale={calendarLocale(displayLocale())} {...props} />,
  })),
);
const preloadCalendar = () => void loadCalendar().catch(() => undefined);

/** The first month the calendar's year list offers: sales before it are not expected. */
const FIRST_MONTH = new Date(2000, 0, 1);

/**
 * A calendar date (YYYY-MM-DD, "" for none) picked from a calendar in the shop's language
 * (issue 21): a native `<input type="date">` writes the browser's language and day order
 * whatever the shop's, so a German shop on an English laptop read "11/30/2026". The field shows
 * the date as the shop writes it ("30.11.2026") and holds it as `data-value="2026-11-30"`;
 * today is the shop's today (its time zone); days before `min` or after `max` cannot be
 * picked. With `clearable`, "" is a value too (shown as `placeholder`): an open end of a filter.
 */
export function DatePicker({
  id,
  value,
  onChange,
  timeZone,
  min,
  max,
  clearable = false,
  placeholder = "Any date",
  invalid = false,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  timeZone: string;
  min?: string;
  max?: string;
  clearable?: boolean;
  placeholder?: string;
  invalid?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const today = asDate(toLocalDate(shopToday(timeZone)));
  const selected = value ? asDate(value) : undefined;
  const disabled: Matcher[] = [...(min ? [{ before: asDate(min) }] : []), ...(max ? [{ after: asDate(max) }] : [])];

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <PickerTrigger
          id={id}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-invalid={invalid || undefined}
          data-value={value}
          label={value ? formatDateField(value) : placeholder}
          placeholder={!value}
          icon={<CalendarIcon className="size-4 shrink-0 opacity-50" aria-hidden />}
          onPointerEnter={preloadCalendar}
          onFocus={preloadCalendar}
        />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          aria-label="Choose a date"
          className="z-50 rounded-md border bg-popover text-popover-foreground shadow-md"
        >
          {/* The calendar's size while its code arrives, so the popover does not jump. */}
          <Suspense fallback={<p className="grid h-[330px] w-[280px] place-items-center text-sm text-muted-foreground">Loading the calendar…</p>}>
            <ShopCalendar
              mode="single"
              selected={selected}
              onSelect={(date) => {
                // Clicking the chosen day again keeps it (DayPicker answers undefined, "unselected").
                if (date) onChange(toLocalDate(date));
                setOpen(false);
              }}
              defaultMonth={selected ?? today}
              today={today}
              disabled={disabled}
              captionLayout="dropdown"
              startMonth={FIRST_MONTH}
              endMonth={endOfYear(today)}
              autoFocus
            />
          </Suspense>
          {clearable && value ? (
            <div className="flex justify-end border-t p-2">
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  onChange("");
                  setOpen(false);
                }}
              >
                Clear date
              </Button>
            </div>
          ) : null}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

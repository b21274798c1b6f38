"use client";

import { DatePicker } from "~/components/app/date-picker";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { presetRange, rangePresets, type DateRange, type RangePreset } from "~/lib/dates";

/**
 * The one date range of the admin app (Analytics, Sales, Activity log): From and To in the
 * shop's language (DatePicker), both ends inclusive, each end kept on its side of the other.
 * With `presets` (reports, which always have a range) a Range select offers the usual ones in
 * the shop's time zone first; with `openEnded` (filters) either end may be left empty ("").
 * Renders its fields as siblings, for the caller's filter grid; `idPrefix` keeps ids apart.
 * `invalid` marks the end as wrong (a backwards range from the address).
 */
export function DateRangePicker({
  value,
  onChange,
  timeZone,
  presets = false,
  openEnded = false,
  idPrefix = "",
  invalid = false,
}: {
  value: DateRange;
  onChange: (range: DateRange) => void;
  timeZone: string;
  presets?: boolean;
  openEnded?: boolean;
  idPrefix?: string;
  invalid?: boolean;
}) {
  const preset = rangePresets.find((p) => {
    const range = presetRange(p.value, timeZone);
    return range.startDate === value.startDate && range.endDate === value.endDate;
  });
  return (
    <>
      {presets ? (
        <div className="grid gap-1.5">
          <Label htmlFor={`${idPrefix}range`}>Range</Label>
          <NativeSelect
            id={`${idPrefix}range`}
            value={preset?.value ?? "custom"}
            onChange={(e) => {
              if (e.target.value !== "custom") onChange(presetRange(e.target.value as RangePreset, timeZone));
            }}
          >
            {rangePresets.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom dates</option>
          </NativeSelect>
        </div>
      ) : null}
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}from`}>From</Label>
        <DatePicker
          id={`${idPrefix}from`}
          value={value.startDate}
          max={value.endDate || undefined}
          onChange={(startDate) => onChange({ ...value, startDate })}
          timeZone={timeZone}
          clearable={openEnded}
          placeholder="Any date"
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}to`}>To</Label>
        <DatePicker
          id={`${idPrefix}to`}
          value={value.endDate}
          min={value.startDate || undefined}
          onChange={(endDate) => onChange({ ...value, endDate })}
          timeZone={timeZone}
          clearable={openEnded}
          placeholder="Any date"
          invalid={invalid}
        />
      </div>
    </>
  );
}

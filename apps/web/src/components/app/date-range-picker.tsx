"use client";

import { Input, NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { presetRange, rangePresets, type DateRange, type RangePreset } from "~/lib/dates";

/** A preset (in the shop's time zone) or two calendar dates; both ends are inclusive. */
export function DateRangePicker({ value, onChange, timeZone }: { value: DateRange; onChange: (range: DateRange) => void; timeZone: string }) {
  const preset = rangePresets.find((p) => {
    const range = presetRange(p.value, timeZone);
    return range.startDate === value.startDate && range.endDate === value.endDate;
  });
  return (
    <>
      <div className="grid gap-1.5">
        <Label htmlFor="range">Range</Label>
        <NativeSelect
          id="range"
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
      <div className="grid gap-1.5">
        <Label htmlFor="start">From</Label>
        <Input
          id="start"
          type="date"
          required
          value={value.startDate}
          max={value.endDate}
          onChange={(e) => e.target.value && onChange({ ...value, startDate: e.target.value })}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="end">To</Label>
        <Input
          id="end"
          type="date"
          required
          value={value.endDate}
          min={value.startDate}
          onChange={(e) => e.target.value && onChange({ ...value, endDate: e.target.value })}
        />
      </div>
    </>
  );
}

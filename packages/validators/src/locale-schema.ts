import { z } from "zod";

import { parseLocaleDecimal } from "./locale";
import "./messages";

/**
 * A shop's locale (issue 21): a BCP 47 tag such as "de-DE" or "en-GB" that this runtime's Intl
 * can format numbers, dates and money in; stored in its canonical spelling ("de-de" → "de-DE").
 * Null on a shop means "the browser's own language".
 */
export const shopLocale = z
  .string()
  .trim()
  .max(35)
  .transform((tag, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // A malformed tag: refused below with a message for staff.
    }
    ctx.addIssue({ code: "custom", message: `“${tag}” is not a language and region this app knows, e.g. de-DE or en-GB` });
    return z.NEVER;
  });

/**
 * `schema` (a validators decimal such as `money` or `quantity`) reading what staff typed in
 * their language first (parseLocaleDecimal): the forms of the till and admin app use it, so
 * "2,5" is 2.5 there. Text that is no number is passed on unchanged for `schema` to refuse.
 */
export function typedDecimal<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === "string" ? (parseLocaleDecimal(value) ?? value) : value), schema);
}

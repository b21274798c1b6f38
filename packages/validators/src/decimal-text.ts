// Decimal text without zod: the spelling rule and the range rule of money and quantities,
// read by decimal.ts's zod schemas (the server, tRPC, REST) and, through `moneyText` and
// `quantityText`, by the till in the browser, which checks what a cashier types on every
// keystroke and must not load zod for it (issue 21: /pos first-load JS ≤ 250 KB). One plan per
// rule, so both ways agree (test/decimal.test.ts checks that they do).

/** Longer text than this is no decimal any till sends; it is refused before it is read. */
const MAX_DECIMAL_TEXT = 64;
const DECIMAL_SPELLING = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * The canonical spelling of a decimal written in any of the ways tills and languages write
 * one — "+1", "01", ".5", "5.", "1.0000", "2.5e-1", "1E3" — as "-"? digits ("." digits)?, with
 * no leading or trailing zeros ("0" for zero, never "-0"); the value is kept exactly (the
 * exponent moves the point, nothing is rounded). Null when the text is not a decimal.
 * A sale is never refused for how a number was spelled, only for its value (DESIGN.md §7).
 */
export function canonicalDecimal(text: string): string | null {
  if (text.length > MAX_DECIMAL_TEXT) return null;
  const match = DECIMAL_SPELLING.exec(text);
  if (!match) return null;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  if (whole === "" && fraction === "") return null;
  const digits = whole + fraction;
  // Where the point falls in `digits` once the exponent has moved it.
  const point = whole.length + Number(exponent);
  const padded = point < 0 ? "0".repeat(-point) + digits : point > digits.length ? digits + "0".repeat(point - digits.length) : digits;
  const at = Math.max(point, 0);
  const integer = padded.slice(0, at).replace(/^0+/, "") || "0";
  const decimals = padded.slice(at).replace(/0+$/, "");
  const magnitude = decimals ? `${integer}.${decimals}` : integer;
  return sign === "-" && magnitude !== "0" ? `-${magnitude}` : magnitude;
}

/** What a kind of decimal may be (money, quantity, stock level…). */
export interface DecimalRule {
  scale: number;
  integerDigits: number;
  /** "positive": > 0; "nonNegative": >= 0; "signed": any sign, but not zero. */
  sign: "positive" | "nonNegative" | "signed";
  /** What staff call the value in a message: "price", "amount", "quantity"… */
  noun: string;
}

/**
 * A decimal rule spelled out: the canonical text's pattern, and the two messages staff read
 * (issue 21: no validator jargon). `message` says what the field takes, for text that is no
 * number, a sign or zero the rule refuses, or too many decimals; `tooLargeMessage` for a
 * number of the right kind past the rule's digits. Neither writes a number a shop's locale
 * would write differently (no decimal point, no digit groups: "100 million", not
 * "99999999.99"), so the same words hold in every shop's locale, on the till and the server.
 */
export interface DecimalPlan {
  pattern: RegExp;
  message: string;
  tooLargeMessage: string;
}

/** 10^digits in words whose figures no locale writes differently: 3 → "1 thousand", 8 → "100 million", 9 → "1 billion". */
export function powerOfTenInWords(digits: number): string {
  const [unit, size]: [string, number] = digits >= 9 ? ["billion", 9] : digits >= 6 ? ["million", 6] : digits >= 3 ? ["thousand", 3] : ["", 0];
  return `1${"0".repeat(digits - size)}${unit ? ` ${unit}` : ""}`;
}

/** The largest amount a sale's total or a refund can be, the DECIMAL(12,2) columns that hold them (packages/db schema), and in words for staff. */
export const MAX_AMOUNT_TEXT = "9999999999.99";
export const MAX_AMOUNT_WORDS = powerOfTenInWords(10);

const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;

/** The pattern and messages of `rule`, as decimal.ts's schemas and the till's checks apply them. */
export function decimalPlan({ scale, integerDigits, sign, noun }: DecimalRule): DecimalPlan {
  const range = sign === "nonNegative" ? "of 0 or more" : sign === "positive" ? "more than 0" : "other than 0";
  const limit = powerOfTenInWords(integerDigits);
  return {
    pattern: new RegExp(`^${sign === "signed" ? "-?" : ""}(0|[1-9]\\d{0,${integerDigits - 1}})(\\.\\d{1,${scale}})?$`),
    message: `Enter ${withArticle(noun)} ${range}, with at most ${scale} decimals`,
    tooLargeMessage: sign === "signed" ? `Enter ${withArticle(noun)} of less than ${limit} either way` : `Enter ${withArticle(noun)} below ${limit}`,
  };
}

const DECIMAL_SHAPE = /^(-?)\d+(?:\.(\d+))?$/;

/**
 * What is wrong with `text` (decimalInputText's answer) under `rule`: null when nothing,
 * else the plan's message to show. The zod schemas and the till's zod-free checks both ask this.
 */
export function decimalIssue(rule: DecimalRule, plan: DecimalPlan, text: string): string | null {
  if (plan.pattern.test(text)) return text === "0" && rule.sign !== "nonNegative" ? plan.message : null;
  const shape = DECIMAL_SHAPE.exec(text);
  // A number of the right sign and decimals that is only too large.
  if (shape && (shape[1] === "" || rule.sign === "signed") && (shape[2]?.length ?? 0) <= rule.scale) return plan.tooLargeMessage;
  return plan.message;
}

/** The text a decimal schema reads: a number's own spelling, or the string trimmed and made canonical when it is a decimal at all. */
export const decimalInputText = (value: string | number): string => {
  const text = typeof value === "number" ? String(value) : value.trim();
  return canonicalDecimal(text) ?? text;
};

/** safeParse's answer, in the shape zod gives (`success`, then `data` or the first issue's message). */
export type DecimalTextResult = { success: true; data: string } | { success: false; error: { issues: { message: string }[] } };

/** A decimal rule's check of typed text without zod: `safeParse` answers as decimal.ts's schema of the same rule does for that text. */
export interface DecimalText {
  safeParse(value: string): DecimalTextResult;
}

function decimalText(rule: DecimalRule): DecimalText {
  const plan = decimalPlan(rule);
  return {
    safeParse(value) {
      const text = decimalInputText(value);
      const message = decimalIssue(rule, plan, text);
      return message === null ? { success: true, data: text } : { success: false, error: { issues: [{ message }] } };
    },
  };
}

/** An amount of money (a tender, a float, a pay-out, a limit): 0 or more, two decimals, below 100 million. */
export const MONEY_RULE: DecimalRule = { scale: 2, integerDigits: 8, sign: "nonNegative", noun: "amount" };
/** A price: money's rule, worded as a price. */
export const PRICE_RULE: DecimalRule = { ...MONEY_RULE, noun: "price" };
export const QUANTITY_RULE: DecimalRule = { scale: 3, integerDigits: 7, sign: "positive", noun: "quantity" };

/** decimal.ts `money`'s rule for a browser that has no zod loaded: an amount, 0 or more, two decimals. */
export const moneyText = decimalText(MONEY_RULE);
/** decimal.ts `price`'s rule for a browser that has no zod loaded: money's, its messages worded for a price. */
export const priceText = decimalText(PRICE_RULE);
/** decimal.ts `quantity`'s rule for a browser that has no zod loaded: more than 0, three decimals. */
export const quantityText = decimalText(QUANTITY_RULE);

import { D, MAX_AMOUNT_TEXT, powerOfTenInWords, type Dec } from "@tillsync/validators";

// All money and quantity arithmetic goes through decimal.js (Prisma's Decimal is the same
// library), configured once in validators (money.ts) for server and browser alike, as is
// half-up rounding; JS numbers never touch an amount.
export { D, roundMoney, type Dec } from "@tillsync/validators";

/** The largest amount a DECIMAL(12,2) column holds (validators MAX_AMOUNT_TEXT, which the till checks a sale's total against too). */
export const MAX_AMOUNT = new D(MAX_AMOUNT_TEXT);
/** The largest stock (either sign) a DECIMAL(14,3) column holds. */
export const MAX_STOCK = new D("99999999999.999");
/** The limits in words, for messages staff read: no decimal point or digit groups a shop's locale would write otherwise. */
export { MAX_AMOUNT_WORDS } from "@tillsync/validators";
export const MAX_STOCK_WORDS = powerOfTenInWords(11);

export const toDec = (value: { toString(): string } | string | number): Dec => new D(value.toString());
export const money = (value: { toString(): string } | string): string => toDec(value).toFixed(2);
export const qty = (value: { toString(): string } | string): string => toDec(value).toFixed(3);
export const moneyOrNull = (value: { toString(): string } | null | undefined) => (value == null ? null : money(value));
export const qtyOrNull = (value: { toString(): string } | null | undefined) => (value == null ? null : qty(value));

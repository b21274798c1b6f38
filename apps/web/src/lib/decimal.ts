import Decimal from "decimal.js";

/** Decimal strings compared exactly (a float would misjudge "0.1" + "0.2" style values). */
export const isBelow = (value: string, limit: string) => new Decimal(value).lt(limit);

export const isZero = (value: string) => new Decimal(value).isZero();

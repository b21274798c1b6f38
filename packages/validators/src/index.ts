// Everything the server and the admin app use. The package is marked side-effect free but for
// messages.ts (package.json "sideEffects"), so a bundle takes only the modules whose exports it
// uses: the till's first load reads the zod-free ones (money, settlement, drawer-report, scan,
// receipt-number, retention, decimal-text, locale, roles) and so carries no zod (issue 21). Every
// module that makes schemas imports "./messages", so a bundle with any schema has the staff
// messages installed too.
export * from "./alert";
export * from "./analytics";
export * from "./audit";
export * from "./clock";
export * from "./common";
export * from "./decimal";
export {
  canonicalDecimal,
  MAX_AMOUNT_TEXT,
  MAX_AMOUNT_WORDS,
  moneyText,
  powerOfTenInWords,
  priceText,
  quantityText,
  type DecimalRule,
  type DecimalText,
  type DecimalTextResult,
} from "./decimal-text";
export * from "./drawer";
export * from "./drawer-report";
export * from "./dto";
export * from "./locale";
export * from "./locale-schema";
export * from "./messages";
export * from "./money";
export * from "./product";
export * from "./receipt";
export * from "./receipt-number";
export * from "./redirect";
export * from "./rest";
export * from "./retention";
export * from "./review";
export * from "./roles";
export * from "./sale";
export * from "./scan";
export * from "./scan-settings";
export * from "./settlement";
export * from "./staff";
export * from "./tender";

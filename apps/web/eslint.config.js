import { baseConfig } from "@tillsync/eslint-config/base";
import { nextjsConfig } from "@tillsync/eslint-config/nextjs";
import { reactConfig } from "@tillsync/eslint-config/react";

const postForms = {
  selector: "JSXOpeningElement[name.name='form']",
  message: "Use <Form> from ~/components/ui/form: it posts, so a form sent before the page's JavaScript runs never puts its fields in the URL.",
};
const decimalFields = {
  selector: "JSXAttribute[name.name='inputMode'][value.value='decimal']",
  message:
    "Use DecimalInput (~/components/ui/decimal-input) or FormDecimalInput (~/components/ui/form-decimal-input): it keeps what staff type and shows values in the shop's locale.",
};

/**
 * Forms go through ~/components/ui/form (always method="post": fields never reach a URL before hydration, issue 19).
 * Number fields are DecimalInput (issue 21): one way of reading "2,5" and of showing "2,50" for every field.
 * (One no-restricted-syntax list per file: a later config's list replaces an earlier one's.)
 */
const restricted = [
  { files: ["src/**/*.tsx"], ignores: ["src/components/ui/form.tsx"], rules: { "no-restricted-syntax": ["error", postForms, decimalFields] } },
  { files: ["src/components/ui/decimal-input.tsx"], rules: { "no-restricted-syntax": ["error", postForms] } },
];

export default [...baseConfig, ...reactConfig, ...nextjsConfig, ...restricted];

import { baseConfig } from "@tillsync/eslint-config/base";
import { nextjsConfig } from "@tillsync/eslint-config/nextjs";
import { reactConfig } from "@tillsync/eslint-config/react";

/** Forms go through ~/components/ui/form (always method="post": fields never reach a URL before hydration, issue 19). */
const formsPost = {
  files: ["src/**/*.tsx"],
  ignores: ["src/components/ui/form.tsx"],
  rules: {
    "no-restricted-syntax": [
      "error",
      {
        selector: "JSXOpeningElement[name.name='form']",
        message: "Use <Form> from ~/components/ui/form: it posts, so a form sent before the page's JavaScript runs never puts its fields in the URL.",
      },
    ],
  },
};

export default [...baseConfig, ...reactConfig, ...nextjsConfig, formsPost];

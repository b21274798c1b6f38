import type * as React from "react";

/**
 * The one <form> of the app (ESLint refuses a bare <form> elsewhere: eslint.config.js).
 * It always posts: a form submitted before the page's JavaScript has run (a slow tablet, a
 * page that fails to hydrate) sends its fields in the request body to the page's own
 * address, never in the address bar, the browser history or a server's access log, as a
 * GET form would (issue 19). Once hydrated, `onSubmit` handles the submission and nothing
 * is posted. Validation is the app's own (react-hook-form with zod), so the browser's is off.
 */
export function Form(props: Omit<React.ComponentProps<"form">, "method" | "action" | "noValidate">) {
  return <form {...props} method="post" noValidate />;
}

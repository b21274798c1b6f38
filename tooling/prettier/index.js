/**
 * The one Prettier config (create-t3-turbo's `tooling/prettier`), chosen to match how Tillsync was
 * already written so that adopting it was a small diff: long lines (the code keeps a signature or a
 * JSX element on one line up to ~160 columns), double quotes, semicolons, trailing commas.
 * No import-sorting or Tailwind class-sorting plugin: both would rewrite most files for no
 * behavioural gain, and the hand-made import groups (packages, `~/`, relative) already read well.
 *
 * @type {import("prettier").Config}
 */
const config = {
  printWidth: 160,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  arrowParens: "always",
};

export default config;

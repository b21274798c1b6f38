// Plain JavaScript so that the root test command can run it with node before anything
// is built or installed: a missing browser stops `pnpm test` at once, not after minutes
// of type checks and test suites (see bin/require-chromium.mjs).
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The command that installs the browser the tests drive, printed when none is found. */
export const INSTALL_CHROMIUM = "apt-get install -y chromium";

const NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const MAC_APPS = ["/Applications/Chromium.app/Contents/MacOS/Chromium", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"];

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium (or Chrome) the browser tests drive: CHROMIUM_PATH when set (an error if it
 * is not an executable file, so a typo is never replaced by another browser), else the
 * first of chromium, chromium-browser, google-chrome, google-chrome-stable found on PATH,
 * else the macOS application bundles. Undefined when there is none.
 */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!isExecutable(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file.`);
    return env.CHROMIUM_PATH;
  }
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of NAMES) {
    for (const dir of dirs) {
      if (isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return MAC_APPS.find(isExecutable);
}

/** findChromium, or an error whose message is the one line that installs it. */
export function requireChromium(env = process.env) {
  const found = findChromium(env);
  if (found) return found;
  throw new Error(`No Chromium for the browser tests (looked for CHROMIUM_PATH, then ${NAMES.join(", ")}). Install it with:\n  ${INSTALL_CHROMIUM}`);
}

#!/usr/bin/env node
// First step of the README's test command: stops it at once, with the line that installs
// the browser, when no Chromium is found (rather than failing the browser tests minutes later).
import { requireChromium } from "../src/chromium.mjs";

try {
  requireChromium();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

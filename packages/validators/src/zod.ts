// zod with the staff messages installed (messages.ts). The package is "sideEffects": false
// but for these two files (package.json), so a bundle takes only the modules whose exports it
// uses; every schema module imports `z` from here, so whichever schemas a page has, it has
// their messages too, and a page with none of them (the till's first load) has no zod.
import "./messages";

export { z } from "zod";

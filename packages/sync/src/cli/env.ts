import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

/** The import CLI's environment, read once here (STYLE.md: only env.ts reads process.env). */
export const env = createEnv({
  server: {
    /** The API key when --api-key is not given. */
    TILLSYNC_API_KEY: z.string().optional(),
    /** Where import history lives unless --history says otherwise (see `defaultHistoryDir`). */
    TILLSYNC_IMPORTS_DIR: z.string().optional(),
    XDG_STATE_HOME: z.string().optional(),
    /** Set by pnpm to where the user typed the command; relative paths mean what they meant there. */
    INIT_CWD: z.string().optional(),
  },
  // A copy, because emptyStringAsUndefined deletes keys from the object it is given. Empty
  // means unset, as the XDG spec says for XDG_STATE_HOME.
  runtimeEnv: { ...process.env },
  emptyStringAsUndefined: true,
});

export type CliEnv = typeof env;

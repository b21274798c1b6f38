import { baseConfig } from "@tillsync/eslint-config/base";
import { nextjsConfig } from "@tillsync/eslint-config/nextjs";
import { reactConfig } from "@tillsync/eslint-config/react";

export default [...baseConfig, ...reactConfig, ...nextjsConfig];

import { baseConfig } from "@tillsync/eslint-config/base";

export default baseConfig;

export declare const INSTALL_CHROMIUM: string;
export declare function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export declare function requireChromium(env?: NodeJS.ProcessEnv): string;

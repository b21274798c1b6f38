export { AUTH_BASE_PATH, createAuth, type Auth, type AuthOptions } from "./auth";
export { hashPassword } from "./password";
export { AUTH_COOKIE_PREFIX, SESSION_COOKIE } from "./session-cookie";

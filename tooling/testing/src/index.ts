// Helpers shared by the test suites (browser tests, HTTP tests, the bench): free ports,
// child processes in process groups, readiness polling, and where Chromium is.
export { findChromium, requireChromium, INSTALL_CHROMIUM } from "./chromium.mjs";
export { assertPortFree, freePort } from "./ports";
export { asPostgres, startPostgres, startStandby, type PostgresCluster } from "./postgres";
export {
  childEnv,
  killGroup,
  processTree,
  run,
  spawnGroup,
  stopGroup,
  tsxLoader,
  waitForOk,
  within,
  type Exit,
  type ProcessInfo,
  type SpawnOptions,
  type Started,
} from "./process";

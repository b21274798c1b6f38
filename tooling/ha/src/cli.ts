// `pnpm ha up`: starts the topology (docs/operations.md) and keeps it up until Ctrl-C, then
// tears it all down. `pnpm ha control`: the asynchronous-replication control run (not in CI).
import { controlRun } from "./control";
import { PORTS, Topology } from "./topology";

const command = process.argv[2];
const log = (line: string) => process.stderr.write(`${line}\n`);

if (command === "up") {
  const topology = await Topology.start({ log, replication: process.argv.includes("--async") ? "async" : "strict", keepDir: true });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await topology.destroy();
    log(`stopped (logs kept in ${topology.dir})`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  log(`API (HAProxy, ${topology.apiUrl}) → api processes on ${PORTS.api0}…; DATABASE_URL=${topology.writeUrl} DATABASE_READ_URL=${topology.readUrl}`);
  log(`Patroni REST on ${PORTS.patroni}…, PostgreSQL nodes on ${PORTS.postgres}…, logs in ${topology.dir}. Ctrl-C stops everything.`);
  setInterval(() => undefined, 1 << 30);
} else if (command === "control") {
  const result = await controlRun({ log });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  process.stderr.write("usage: pnpm ha up [--async] | pnpm ha control\n");
  process.exitCode = 1;
}

import type { AddressInfo } from "node:net";

import { z } from "zod";

import { withDatabase } from "../database";
import { TRPC_PATH } from "../http/trpc";
import { createLogger } from "../logger";
import { createServer } from "../server";
import { closeGracefully, shutdownSignal } from "../shutdown";
import { parseOptions, type Command } from "./command";

/** In-flight requests get this long after SIGTERM; below the usual 30 s before a SIGKILL. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

export const serveCommand: Command = {
  usage: "serve",
  summary: "Apply pending migrations, then serve the API on HOST:PORT until SIGTERM or SIGINT.",
  options: {},
  async run(values, env) {
    parseOptions(z.object({}), values);
    const logger = createLogger(env.LOG_LEVEL);
    // Caught from the start: a signal that arrives during migrations lets them finish, then stops.
    const stop = shutdownSignal(logger);
    return withDatabase(env, async ({ db, location }) => {
      const { applied } = await db.migrate();
      if (applied.length > 0) logger.info({ applied }, `applied ${applied.length} migration(s)`);

      const server = createServer({ db, logger });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(env.PORT, env.HOST, resolve);
      });
      const { port } = server.address() as AddressInfo;
      const url = `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${port}`;
      logger.info({ url, database: db.kind }, `Tillsync API listening on ${url}${TRPC_PATH} (${location})`);

      const signal = await stop;
      logger.info({ signal }, "shutting down: no new connections, finishing requests in flight");
      const finished = await closeGracefully(server, SHUTDOWN_TIMEOUT_MS);
      if (!finished) logger.warn(`requests still open after ${SHUTDOWN_TIMEOUT_MS} ms were cut off`);
      logger.info("stopped");
      return finished ? 0 : 1;
    });
  },
};

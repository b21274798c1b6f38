import closeWithGrace from "close-with-grace";
import { z } from "zod";

import { openDatabase } from "../database";
import { TRPC_PATH } from "../http/trpc";
import { createLogger } from "../logger";
import { createServer, type ApiServer } from "../server";
import { closeGracefully } from "../shutdown";
import { parseOptions, type Command } from "./command";

/** In-flight requests get this long after SIGTERM; below the usual 30 s before a SIGKILL. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Closing the database after that; past it close-with-grace exits anyway (code 1). */
const DATABASE_CLOSE_MS = 5_000;

export const serveCommand: Command = {
  usage: "serve",
  summary: "Apply pending migrations, then serve the API on HOST:PORT until SIGTERM or SIGINT.",
  options: {},
  async run(values, env) {
    parseOptions(z.object({}), values);
    const logger = createLogger(env.LOG_LEVEL);
    const { db, location } = openDatabase(env, logger);
    let server: ApiServer | undefined;

    const starting = (async () => {
      const { applied } = await db.migrate();
      if (applied.length > 0) logger.info({ applied }, `applied ${applied.length} migration(s)`);
      server = createServer({ db, logger });
      const url = await server.listen({ port: env.PORT, host: env.HOST });
      logger.info({ url, database: db.kind }, `Tillsync API listening on ${url}${TRPC_PATH} (${location})`);
    })();

    // Installed from the start: a signal that arrives during migrations lets them finish, then
    // stops. A second signal exits at once (code 1), as does a crash; the process exits 0 once
    // everything closed in time, else 1.
    const grace = closeWithGrace({ delay: SHUTDOWN_TIMEOUT_MS + DATABASE_CLOSE_MS, logger }, async ({ signal, err }) => {
      if (err) logger.error({ err }, "stopping after an unexpected error");
      else logger.info({ signal }, "shutting down: no new connections, finishing requests in flight");
      await starting.catch(() => undefined);
      const finished = server ? await closeGracefully(server, SHUTDOWN_TIMEOUT_MS) : true;
      await db.close();
      logger.info("stopped");
      if (!finished) throw new Error(`requests still open after ${SHUTDOWN_TIMEOUT_MS} ms were cut off`);
    });

    try {
      await starting;
    } catch (error) {
      // Nothing is served (the port is taken, a migration failed): the CLI reports it.
      grace.uninstall();
      await server?.close();
      await db.close();
      throw error;
    }
    // Runs until close-with-grace ends the process.
    return new Promise<number>(() => undefined);
  },
};

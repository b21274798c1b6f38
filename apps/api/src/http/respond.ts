import type { FastifyReply, FastifyRequest } from "fastify";

/** The body of every error this server answers itself outside /trpc and /api (tRPC and REST answer their own). */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

export const sendError = (request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send({ error: { code, message, requestId: request.id } } satisfies ErrorBody);

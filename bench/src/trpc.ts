import superjson from "superjson";
import { Pool } from "undici";

/** Calls tRPC procedures over plain HTTP the way any client does: superjson body, Bearer key. */
export class TrpcHttp {
  private readonly pool: Pool;

  constructor(url: string, connections: number) {
    this.pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  async mutation<T>(path: string, key: string, input: unknown): Promise<T> {
    const { statusCode, body } = await this.pool.request({
      path: `/trpc/${path}`,
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize(input)),
    });
    return this.answer<T>(path, statusCode, await body.text());
  }

  async query<T>(path: string, key: string, input: unknown): Promise<T> {
    const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
    const { statusCode, body } = await this.pool.request({
      path: `/trpc/${path}?input=${encoded}`,
      method: "GET",
      headers: { authorization: `Bearer ${key}` },
    });
    return this.answer<T>(path, statusCode, await body.text());
  }

  private answer<T>(path: string, status: number, text: string): T {
    if (status !== 200) throw new Error(`${path} answered ${status}: ${text.slice(0, 300)}`);
    const { result } = JSON.parse(text) as { result: { data: { json: unknown; meta?: never } } };
    return superjson.deserialize<T>(result.data as never);
  }

  close() {
    return this.pool.close();
  }
}

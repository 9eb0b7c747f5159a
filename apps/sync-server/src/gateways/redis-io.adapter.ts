import type { INestApplicationContext } from '@nestjs/common';
import type { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.js';
import { SyncIoAdapter } from './sync-io.adapter.js';

type RedisClient = ReturnType<typeof createClient>;

/** socket.io with the Redis adapter: rooms, emits and fetchSockets span every instance. */
export class RedisIoAdapter extends SyncIoAdapter {
  private pub: RedisClient | null = null;
  private sub: RedisClient | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly url: string,
    private readonly log: Logger,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    this.pub = createClient({ url: this.url });
    this.sub = this.pub.duplicate();
    for (const c of [this.pub, this.sub])
      c.on('error', (err: unknown) => this.log.error({ err }, 'redis error'));
    await Promise.all([this.pub.connect(), this.sub.connect()]);
  }

  // Nest's adapter carries its own copy of socket.io's types, so the signature is taken from it.
  override createIOServer(
    port: number,
    options?: Parameters<IoAdapter['createIOServer']>[1],
  ): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(port, options);
    if (!this.pub || !this.sub) throw new Error('RedisIoAdapter.connect() must run before the server starts');
    const adapter = createAdapter(this.pub, this.sub, { requestsTimeout: 2000 });
    server.adapter(adapter as unknown as Parameters<typeof server.adapter>[0]);
    return server;
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
    this.pub = null;
    this.sub = null;
  }
}

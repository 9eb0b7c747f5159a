import { IoAdapter } from '@nestjs/platform-socket.io';

/**
 * Nest's socket.io adapter without its per-connection message plumbing when a gateway has no
 * `@SubscribeMessage` handlers (ours registers plain socket.io listeners, see SyncGateway): the
 * stock adapter builds an rxjs `fromEvent(socket, 'disconnect').pipe(share(), first())` stream
 * per socket even for an empty handler list, about 0.1 ms of a handshake here
 * (bench/handshake-cpu.ts). With handlers it behaves as the stock adapter.
 */
export class SyncIoAdapter extends IoAdapter {
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length === 0) return;
    super.bindMessageHandlers(...args);
  }
}

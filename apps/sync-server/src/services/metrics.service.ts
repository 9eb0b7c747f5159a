import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance (own registry, so several instances can share a process). */
export class MetricsService {
  readonly registry = new Registry();
  readonly opsAcked = new Counter({
    name: 'unknot_ops_acked_total',
    help: 'Ops acknowledged (new and duplicate), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly opsRejected = new Counter({
    name: 'unknot_ops_rejected_total',
    help: 'Ops or pushes refused, by error code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly storageFull = new Counter({
    name: 'unknot_storage_full_total',
    help: 'Pushes refused because the store was out of space (disk full or database size cap)',
    registers: [this.registry],
  });
  readonly pushSeconds = new Histogram({
    name: 'unknot_push_duration_seconds',
    help: 'Time from receiving a push to its acknowledgement (includes the durable write)',
    labelNames: ['transport'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly connectedSockets = new Gauge({
    name: 'unknot_connected_sockets',
    help: 'Sync sockets currently connected to this instance',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'unknot_' });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

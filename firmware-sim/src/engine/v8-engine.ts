/** The fast development engine: a `node:vm` context (V8) running the sim's own bundle. */
import { performance } from 'node:perf_hooks';
import { createSimContext } from '../vm-context.js';
import type { DeviceEngine, EngineOptions, Instance } from './device-engine.js';

export function createV8Engine(o: EngineOptions): DeviceEngine {
  const pending: { app?: Instance; page?: Instance; service?: Instance; widget?: Instance } = {};
  let app: Instance | undefined;
  let currentPage: Instance | undefined;
  let cpuMs = 0;
  const register = (kind: 'app' | 'page' | 'service' | 'widget') => (opts: Instance) => {
    opts._options = opts;
    pending[kind] = opts;
    if (kind === 'app') app = opts;
    return opts;
  };
  const ctx = createSimContext({
    clock: o.clock,
    owner: o.owner,
    random: o.random,
    log: o.log,
    globals: {
      __$$R$$__: (name: string) => o.env.require(name),
      __$$app$$__: { __globals__: { __scopedGlobals__: { _$mgr$_: {} } } },
      __$$module$$__: { id: 0, path: '' },
      App: register('app'),
      Page: register('page'),
      AppService: register('service'),
      AppWidget: register('widget'),
      SecondaryWidget: register('widget'),
      getApp: () => app,
      getCurrentPage: () => currentPage,
      ...o.env.globals,
    },
  });
  return {
    kind: 'v8',
    evaluate(code, filename, module) {
      const t0 = performance.now();
      try {
        ctx.run(`globalThis.__$$module$$__ = ${JSON.stringify(module)};`, 'module-info');
        ctx.run(code, filename);
      } finally {
        cpuMs += performance.now() - t0;
      }
    },
    take(kind) {
      const inst = pending[kind];
      pending[kind] = undefined;
      return inst;
    },
    setCurrentPage(page) {
      currentPage = page;
    },
    run: (code) => ctx.run(code, 'snippet.js'),
    stats: () => ({ cpuMs }),
    dispose() {},
  };
}

/** Library entry for tests and the whole-system runner: build a config, start a server. */
export { ConfigError, DEFAULT_TUNING, loadConfig, type ServerConfig, type ServerTuning } from './config.js';
export { type CreateServerOptions, createServer, type RunningServer } from './server.js';

export * from './records/index.js';
export * from './sync/protocol.js';
export * from './sync/api.js';

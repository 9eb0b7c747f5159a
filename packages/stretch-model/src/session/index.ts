export * from './cues.js';
export * from './engine.js';
export * from './persist.js';
export * from './plan.js';
export * from './record.js';
export * from './state.js';
export * from './view.js';

export * from './locale.js';
export type * from './types.js';
export * from './format.js';
export * from './keys.js';
export * from './localize.js';
export * from './messages.js';
export * from './notes.js';

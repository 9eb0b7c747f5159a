export * from './safety.js';
export * from './stretches.js';
export * from './tips.js';

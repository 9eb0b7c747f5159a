export * from './nudge-policy.js';

export * from './adherence.js';
export * from './see-professional.js';
export * from './summary.js';
export * from './plan-in-force.js';
export * from './first-run.js';

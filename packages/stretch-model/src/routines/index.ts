export * from './builtin.js';
export * from './duration.js';
export * from './timing.js';
export * from './validate.js';
export * from './advisories.js';
export * from './manage.js';

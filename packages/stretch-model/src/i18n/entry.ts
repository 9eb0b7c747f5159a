/** The `@unknot/stretch-model/i18n` entry: everything in `i18n/`, plus the lazy table loader. */
export * from './index.js';
export * from './load.js';

export * from './civil-date.js';
export * from './time-zone.js';

export * from './ids.js';
export * from './nudge-event.js';
export * from './routine.js';
export * from './session-record.js';
export * from './settings.js';
export * from './settings-validation.js';
export * from './reminder-problems.js';
export * from './routine-reminder.js';

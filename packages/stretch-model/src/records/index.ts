export * from './ids.js';
export * from './nudge-event.js';
export * from './routine.js';
export * from './session-record.js';
export * from './settings.js';
export * from './settings-validation.js';
export * from './reminder-problems.js';
export * from './routine-reminder.js';
export * from './reminder-patch.js';
export * from './session-note.js';
// the note register's accessors and edit checks (they read the sync state, so they live in sync/)
export * from '../sync/session-notes.js';

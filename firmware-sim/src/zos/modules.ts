/** The `@zos/*` modules other than ui, one file each; this file only gathers them. */
export * from './utils.js';
export * from './timer.js';
export * from './storage.js';
export * from './router.js';
export * from './alarm.js';
export * from './app-service.js';
export * from './sensor.js';
export * from './notification.js';
export * from './display.js';
export * from './interaction.js';
export * from './device.js';
export * from './app.js';
export * from './i18n.js';
export * from './user.js';
export * from './settings.js';
export * from './ble.js';

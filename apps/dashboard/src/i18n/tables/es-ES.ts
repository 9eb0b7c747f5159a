// One chunk per locale: the dashboard's catalog and the core's table, fetched as one request.
export { default as messages } from 'virtual:unknot-catalog/es-ES';
export { ES_ES as core } from '@unknot/stretch-model/i18n/locales/es-ES';

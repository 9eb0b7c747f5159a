// One chunk per locale: the dashboard's catalog and the core's table, fetched as one request.
export { default as messages } from 'virtual:unknot-catalog/de-DE';
export { DE_DE as core } from '@unknot/stretch-model/i18n/locales/de-DE';

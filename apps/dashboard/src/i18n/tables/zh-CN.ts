// One chunk per locale: the dashboard's catalog and the core's table, fetched as one request.
export { default as messages } from 'virtual:unknot-catalog/zh-CN';
export { ZH_CN as core } from '@unknot/stretch-model/i18n/locales/zh-CN';

// Compiled Lingui catalogs, made at build time from catalogs/<locale>.json (vite.config.ts,
// plugin `unknot-catalogs`): one module, and so one chunk, per locale.
declare module 'virtual:unknot-catalog/*' {
  import type { Messages } from '@lingui/core';
  const messages: Messages;
  export default messages;
}

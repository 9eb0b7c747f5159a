// Message ids are the keys of the en-US catalog: a mistyped key fails the typecheck.
import type en from './catalogs/en-US.json';

declare module '@lingui/core' {
  interface Register {
    messageIds: keyof typeof en;
  }
}

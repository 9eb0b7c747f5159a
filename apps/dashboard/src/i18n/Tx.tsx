import { TransNoContext } from '@lingui/react/server';
import type { ReactNode } from 'react';
import { i18n, type MessageKey, useT } from './i18n';

/**
 * A message with markup: `<0>…</0>` in the catalog becomes `components[0]` wrapping that text
 * (links, emphasis). Values may be strings or numbers. Re-renders on a change of locale.
 */
export function Tx({
  id,
  values,
  components,
}: {
  id: MessageKey;
  values?: Record<string, unknown>;
  components?: Record<string, ReactNode>;
}) {
  useT();
  return <TransNoContext id={id} values={values} components={components} lingui={{ i18n }} />;
}

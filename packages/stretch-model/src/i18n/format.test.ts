import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog/stretches.js';
import { fillTemplate, placeholdersOf, renderWith, resolveMessageKey } from './format.js';
import { DE_DE } from './locales/de-DE.js';
import {
  coreMessages,
  formatMessage,
  localizedCatalog,
  localizeStretch,
  renderMessage,
  UnknownLocaleError,
} from './messages.js';
import type { CoreMessages } from './types.js';

describe('placeholdersOf and fillTemplate', () => {
  it('finds each {name} once, sorted', () => {
    expect(placeholdersOf('{b} of {a}, {b}')).toEqual(['a', 'b']);
    expect(placeholdersOf('no placeholders {} { x }')).toEqual([]);
  });
  it('fills what it has and leaves a missing value visible', () => {
    expect(fillTemplate('Hold {seconds} s ({side})', { seconds: '30' })).toBe('Hold 30 s ({side})');
    expect(fillTemplate('{a}{a}', { a: 'x' })).toBe('xx');
  });
});

describe('formatMessage', () => {
  it('fills placeholders from numbers and text', () => {
    expect(formatMessage('en-US', 'cue.rest', { seconds: 5 })).toBe('Rest 5 s');
    expect(formatMessage('de-DE', 'cue.rest', { seconds: 5 })).toBe('5 s Pause');
    expect(formatMessage('es-ES', 'cue.holdStart.left', { seconds: 30 })).toBe('Mantén 30 s (izquierda)');
    expect(formatMessage('zh-CN', 'cue.holdStart', { seconds: 30 })).toBe('保持 30 秒');
    expect(formatMessage('de-DE', 'routine.copyOf', { name: 'Abends' })).toBe('Kopie von Abends');
  });

  it('picks the plural form by count, per locale', () => {
    expect(formatMessage('en-US', 'device.ago.minutes', { count: 1 })).toBe('1 minute ago');
    expect(formatMessage('en-US', 'device.ago.minutes', { count: 3 })).toBe('3 minutes ago');
    expect(formatMessage('de-DE', 'device.ago.days', { count: 1 })).toBe('vor 1 Tag');
    expect(formatMessage('de-DE', 'device.ago.days', { count: 2 })).toBe('vor 2 Tagen');
    expect(formatMessage('es-ES', 'device.pending.watch', { count: 1 })).toBe(
      '1 cambio pendiente en el reloj',
    );
    expect(formatMessage('es-ES', 'device.pending.watch', { count: 4 })).toBe(
      '4 cambios pendientes en el reloj',
    );
    expect(formatMessage('zh-CN', 'device.ago.hours', { count: 1 })).toBe('1 小时前');
  });

  it('renders nested messages in the same locale', () => {
    const name = { key: 'stretch.cat-cow.name' } as const;
    expect(formatMessage('de-DE', 'routine.error.duplicateStretch', { stretch: name })).toBe(
      'Katze-Kuh ist schon in dieser Routine.',
    );
    expect(
      formatMessage('es-ES', 'device.lastContact', {
        ago: { key: 'device.ago.hours', params: { count: 2 } },
      }),
    ).toBe('Último contacto: hace 2 horas');
    expect(
      renderMessage('zh-CN', {
        key: 'report.date',
        params: { day: 2, month: { key: 'report.month.11' }, year: '2026' },
      }),
    ).toBe('2026年11月2日');
  });

  it('writes decimals with the locale mark unless told otherwise', () => {
    expect(formatMessage('de-DE', 'report.pain.value', { value: 3.5 })).toBe('3,5 von 10');
    expect(formatMessage('es-ES', 'report.pain.value', { value: 3.5 })).toBe('3,5 de 10');
    expect(formatMessage('en-US', 'report.pain.value', { value: 3.5 })).toBe('3.5 of 10');
    expect(
      formatMessage('en-US', 'report.pain.value', { value: 3 }, { formatNumber: (n) => n.toFixed(1) }),
    ).toBe('3.0 of 10');
  });

  it('leaves a missing param visible rather than failing', () => {
    expect(formatMessage('en-US', 'cue.rest')).toBe('Rest {seconds} s');
    expect(formatMessage('de-DE', 'name.tooLong', { max: 40 })).toBe(
      'Bitte halte den Namen bei höchstens 40 Zeichen (dieser hat {length}).',
    );
  });

  it('shows the key for a key the table lacks (a descriptor from a newer version)', () => {
    const unknown = { key: 'cue.somethingNew' } as unknown as Parameters<typeof renderMessage>[1];
    expect(renderMessage('de-DE', unknown)).toBe('cue.somethingNew');
  });

  it('refuses a locale it does not speak with a typed error', () => {
    expect(() => coreMessages('fr-FR' as never)).toThrow(UnknownLocaleError);
    try {
      formatMessage('de' as never, 'cue.paused');
    } catch (e) {
      expect((e as UnknownLocaleError).code).toBe('unknownLocale');
    }
  });

  it('renders from a table passed in (a lazily loaded one)', () => {
    expect(renderWith(DE_DE, 'de-DE', { key: 'cue.paused' })).toBe('Pausiert');
    const partial = { 'cue.paused': 'Pause!' } as unknown as CoreMessages;
    expect(renderWith(partial, 'de-DE', { key: 'cue.paused' })).toBe('Pause!');
  });
});

describe('resolveMessageKey', () => {
  it('adds the plural suffix only for a numeric count', () => {
    expect(resolveMessageKey('de-DE', { key: 'device.ago.days', params: { count: 1 } })).toBe(
      'device.ago.days.one',
    );
    expect(resolveMessageKey('zh-CN', { key: 'device.ago.days', params: { count: 1 } })).toBe(
      'device.ago.days.other',
    );
    expect(resolveMessageKey('en-US', { key: 'cue.rest', params: { seconds: 1 } })).toBe('cue.rest');
  });
});

describe('localizeStretch and localizedCatalog', () => {
  it('replaces the texts and keeps the shape and the numbers', () => {
    const cat = CATALOG.find((s) => s.id === 'cat-cow');
    if (!cat) throw new Error('no cat-cow');
    const de = localizeStretch(cat, 'de-DE');
    expect(de.name).toBe('Katze-Kuh');
    expect(de.setup).toBe('In den Vierfüßlerstand');
    expect(de.steps).toEqual([
      'Hände unter Schultern, Knie unter Hüfte',
      'Einatmen: Rücken hohl, Kopf heben',
      'Ausatmen: Rücken rund, Kinn zur Brust',
    ]);
    expect(de.dosage).toMatchObject({
      kind: 'reps',
      defaultReps: 8,
      inhaleCue: 'Ein: hohl, Blick hoch (Kuh)',
    });
    expect(de.targetMuscles).toEqual(['Rückenstrecker', 'untere Rückenmuskeln']);
    expect(de.guide).toBe(cat.guide);
    expect(de.lineSources).toBe(cat.lineSources);
    const zh = localizedCatalog('zh-CN');
    expect(zh.map((s) => s.id)).toEqual(CATALOG.map((s) => s.id));
    expect(zh[0]?.shortName).toBe('上背部');
    expect(zh[5]?.cautions[1]).toBe('别让下背部塌下去。');
  });
});

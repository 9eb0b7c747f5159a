import { describe, expect, it } from 'vitest';
import { nudgeOp, sessionRecord } from '../../test/support/ops.js';
import { csvCell, NUDGE_CSV_COLUMNS, nudgesCsv, SESSION_CSV_COLUMNS, sessionsCsv } from './export.service.js';

describe('CSV export', () => {
  it('writes one row per stretch of each session, with local date from the stored offset', () => {
    const s = sessionRecord('w1', 1, { routineName: 'Back, "gentle"' });
    const csv = sessionsCsv([s, { ...sessionRecord('w1', 2), stretches: [] }]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(SESSION_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 2 + 1);
    expect(lines[1]).toContain('"Back, ""gentle"""');
    expect(lines[1]).toContain(',2026-11-02,Europe/Berlin,60,300,5,3,1,cat-cow,none,reps,,,10,10,false');
    expect(lines[2]).toContain(',2,seated-twist,left,hold,30,28.5,,,false');
    expect(lines[3]?.endsWith(',,,,,,,,,')).toBe(true);
  });

  it('puts the session’s note and where it hurt on every row of that session, last', () => {
    const a = sessionRecord('w1', 1); // two stretches
    const b = { ...sessionRecord('w1', 2), stretches: [] };
    const c = sessionRecord('w1', 3);
    const csv = sessionsCsv([a, b, c], {
      [a.id]: {
        sessionId: a.id,
        note: 'Stiff, after "the" meeting',
        areas: [
          { area: 'lowerBack', side: 'left' },
          { area: 'shoulder', side: 'right' },
        ],
      },
      [b.id]: { sessionId: b.id, note: '-2 today', areas: [] },
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(SESSION_CSV_COLUMNS.slice(-2)).toEqual(['note', 'note_areas']);
    expect(lines[0]?.endsWith(',skipped,note,note_areas')).toBe(true);
    for (const row of [lines[1], lines[2]])
      expect(row?.endsWith(',"Stiff, after ""the"" meeting",lowerBack:left;shoulder:right')).toBe(true);
    // a note that reads like a formula is defused like any other cell; no areas: an empty cell
    expect(lines[3]?.endsWith(",,,,,,,,,'-2 today,")).toBe(true);
    // no note: both cells empty
    expect(lines[4]?.endsWith(',false,,')).toBe(true);
    expect(lines).toHaveLength(1 + 2 + 1 + 2);
  });

  it('writes one row per nudge event and defuses spreadsheet formulas', () => {
    const op = nudgeOp('w1', 3);
    const csv = nudgesCsv([op.payload as Parameters<typeof nudgesCsv>[0][number]]);
    expect(csv.split('\r\n')[0]).toBe(NUDGE_CSV_COLUMNS.join(','));
    expect(csv).toContain('w1:n3,w1:nudge3,w1,shown,2026-11-02T08:03:00.000Z,2026-11-02,08:03,UTC,0');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });

  it('formats the wire time bounds at the extreme offsets (2020-01-01 at −14 h, 2100-01-01 at +14 h)', () => {
    const first = nudgeOp('w1', 4, { at: 1_577_836_800_000, utcOffsetMinutes: -840 }).payload;
    const last = nudgeOp('w1', 5, { at: 4_102_444_800_000, utcOffsetMinutes: 840 }).payload;
    const csv = nudgesCsv([first, last] as Parameters<typeof nudgesCsv>[0]);
    expect(csv).toContain(',2020-01-01T00:00:00.000Z,2019-12-31,10:00,UTC,-840');
    expect(csv).toContain(',2100-01-01T00:00:00.000Z,2100-01-01,14:00,UTC,840');
    const session = sessionRecord('w1', 1, {
      startedAt: 4_102_444_800_000 - 86_400_000,
      endedAt: 4_102_444_800_000,
      utcOffsetMinutes: 840,
    });
    expect(sessionsCsv([session])).toContain(
      ',2099-12-31T00:00:00.000Z,2100-01-01T00:00:00.000Z,2099-12-31,Europe/Berlin,840,86400,',
    );
  });

  it('never fails on a record stored before the bounds existed (at 8.64e15: the last Date there is)', () => {
    const legacy = nudgeOp('w1', 6, { at: 8.64e15, utcOffsetMinutes: 60 }).payload;
    const csv = nudgesCsv([legacy] as Parameters<typeof nudgesCsv>[0]);
    expect(csv).toContain(",'+275760-09-13T00:00:00.000Z,,,UTC,60");
    const session = sessionRecord('w1', 1, { startedAt: 8.64e15, endedAt: 8.64e15, utcOffsetMinutes: 60 });
    expect(sessionsCsv([session]).split('\r\n')[1]).toContain(
      ",'+275760-09-13T00:00:00.000Z,'+275760-09-13T00:00:00.000Z,,",
    );
  });
});

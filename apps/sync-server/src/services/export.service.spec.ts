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

  it('writes one row per nudge event and defuses spreadsheet formulas', () => {
    const op = nudgeOp('w1', 3);
    const csv = nudgesCsv([op.payload as Parameters<typeof nudgesCsv>[0][number]]);
    expect(csv.split('\r\n')[0]).toBe(NUDGE_CSV_COLUMNS.join(','));
    expect(csv).toContain('w1:n3,w1:nudge3,w1,shown,2026-11-02T08:03:00.000Z,2026-11-02,08:03,UTC,0');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });
});

import { describe, expect, it } from 'vitest';
import { STRETCH_IDS } from '../records/ids.js';
import { CATALOG, getStretch, isStretchId } from './stretches.js';

const WATCH_LINE = 40;

describe('catalog', () => {
  it('holds the six stretches, in routine order, under their stable ids', () => {
    expect(CATALOG.map((s) => s.id)).toEqual([...STRETCH_IDS]);
  });

  it('keeps watch lines short and gives 2–4 steps per stretch', () => {
    for (const stretch of CATALOG) {
      expect(stretch.steps.length).toBeGreaterThanOrEqual(2);
      expect(stretch.steps.length).toBeLessThanOrEqual(4);
      for (const line of [stretch.setup, ...stretch.steps, stretch.shortName]) {
        expect(line.length, `${stretch.id}: "${line}"`).toBeLessThanOrEqual(WATCH_LINE);
      }
      expect(stretch.description.length).toBeGreaterThan(stretch.steps.join(' ').length);
      expect(stretch.whyItHelps).not.toBe('');
      expect(stretch.targetMuscles.length).toBeGreaterThan(0);
      expect(stretch.cautions.length).toBeGreaterThan(0);
    }
  });

  it('holds every stretch 30 s by default within the 20–30 s guidance, except cat-cow', () => {
    for (const stretch of CATALOG) {
      if (stretch.id === 'cat-cow') continue;
      expect(stretch.dosage).toEqual({
        kind: 'hold',
        defaultSeconds: 30,
        recommendedMinSeconds: 20,
        recommendedMaxSeconds: 30,
      });
    }
  });

  it('paces cat-cow by breath: 8–10 slow reps, cow on the in-breath, cat on the out-breath', () => {
    const catCow = getStretch('cat-cow');
    expect(catCow.dosage.kind).toBe('reps');
    if (catCow.dosage.kind !== 'reps') return;
    expect(catCow.dosage.defaultReps).toBe(8);
    expect([catCow.dosage.recommendedMinReps, catCow.dosage.recommendedMaxReps]).toEqual([8, 10]);
    expect(catCow.dosage.inhaleSeconds).toBe(4);
    expect(catCow.dosage.exhaleSeconds).toBe(4);
    expect(catCow.dosage.inhaleCue).toMatch(/cow/i);
    expect(catCow.dosage.exhaleCue).toMatch(/cat/i);
    expect(catCow.dosage.inhaleCue.length).toBeLessThanOrEqual(WATCH_LINE);
  });

  it('does the seated twist on both sides and everything else once', () => {
    expect(CATALOG.filter((s) => s.sides === 'both').map((s) => s.id)).toEqual(['seated-twist']);
  });

  it('marks only stretches that need no floor as desk friendly', () => {
    for (const stretch of CATALOG) expect(stretch.deskFriendly).toBe(stretch.position !== 'floor');
  });

  it('finds stretches by id and rejects unknown ids', () => {
    expect(getStretch('wall-lat').name).toBe('Wall lat stretch');
    expect(getStretch('toe-touch')).toBeUndefined();
    expect(getStretch('__proto__')).toBeUndefined();
    expect(isStretchId('childs-pose')).toBe(true);
    expect(isStretchId('constructor')).toBe(false);
    expect(isStretchId(3)).toBe(false);
  });

  it('traces every watch line to the guide (or marks it as breathing advice or our own)', () => {
    for (const stretch of CATALOG) {
      const lines = [stretch.setup, ...stretch.steps];
      expect(stretch.lineSources, stretch.id).toHaveLength(lines.length);
      const covered = new Set<number>();
      for (const sources of stretch.lineSources) {
        expect(sources.length, stretch.id).toBeGreaterThan(0);
        for (const src of sources) {
          if (typeof src === 'number') {
            expect(src, stretch.id).toBeLessThan(stretch.guide.steps.length);
            covered.add(src);
          } else expect(['breathing', 'app']).toContain(src);
        }
      }
      // Every guide step is said on the watch.
      expect(covered.size, `${stretch.id} covers every guide step`).toBe(stretch.guide.steps.length);
    }
  });

  it('pairs every stretch with deep breathing, as the guide does', () => {
    for (const stretch of CATALOG) {
      expect(stretch.description, stretch.id).toMatch(/breath(e|ing) (slowly and )?deeply/i);
      const breathLine = stretch.lineSources.findIndex((s) => s.indexOf('breathing') >= 0);
      expect(breathLine, `${stretch.id} has a breathing line`).toBeGreaterThan(0);
      expect([stretch.setup, ...stretch.steps][breathLine]).toMatch(/breath/i);
    }
  });

  it("keeps the guide's own wording where it had drifted", () => {
    // The guide: "Gently pull your arms forward while rounding your upper back."
    expect(getStretch('upper-back').steps).toContain('Gently pull your arms forward');
    expect(JSON.stringify(getStretch('upper-back'))).not.toMatch(/push/i);
    // The guide: "Extend your arms forward and rest your forehead on the floor."
    const child = getStretch('childs-pose');
    expect(child.steps.some((l) => /forehead/.test(l) && /floor/.test(l))).toBe(true);
    expect(child.description).toMatch(/rest your forehead on the floor/);
    // The guide's dosages: 20–30 s holds, cat-cow 8–10 times.
    for (const stretch of CATALOG)
      expect(stretch.guide.dosage).toBe(
        stretch.id === 'cat-cow' ? 'Repeat 8–10 times' : 'Hold 20–30 seconds',
      );
  });
});

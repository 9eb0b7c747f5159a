import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAFETY } from './safety.js';
import { TIP_MOMENTS, TIPS, tipFor, tipsFor } from './tips.js';

describe('tips', () => {
  it('covers the five self-care tips', () => {
    expect(TIPS.map((t) => t.id).sort()).toEqual([
      'foam-roller',
      'heat',
      'hydration',
      'move-often',
      'posture',
    ]);
  });

  it('shows heat before the routine', () => {
    expect(tipsFor('beforeRoutine').map((t) => t.id)).toContain('heat');
    expect(tipFor('beforeRoutine', 0).id).toBe('heat');
  });

  it('has at least one tip for every moment, and short watch text', () => {
    for (const moment of TIP_MOMENTS) expect(tipsFor(moment).length).toBeGreaterThan(0);
    for (const tip of TIPS) {
      expect(tip.title.length).toBeLessThanOrEqual(20);
      expect(tip.text.length).toBeLessThanOrEqual(60);
    }
  });

  it('picks a fitting tip deterministically for any seed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIP_MOMENTS), fc.double(), (moment, seed) => {
        const tip = tipFor(moment, seed);
        expect(tip.moments).toContain(moment);
        expect(tipFor(moment, seed)).toBe(tip);
      }),
      { numRuns: 200 },
    );
  });

  it('rotates through the tips as the seed changes', () => {
    const seen = new Set([0, 1, 2, 3, 4, 5].map((seed) => tipFor('onNudge', seed).id));
    expect(seen.size).toBe(tipsFor('onNudge').length);
  });
});

describe('safety', () => {
  it('points to a physical therapist or chiropractor when pain persists', () => {
    for (const text of [SAFETY.seeProfessional.short, SAFETY.seeProfessional.long]) {
      expect(text).toMatch(/physical therapist/);
      expect(text).toMatch(/chiropractor/);
    }
    expect(SAFETY.seeProfessional.short.length).toBeLessThanOrEqual(64);
  });

  it('says the app is guidance, not medical treatment, and promises no cure', () => {
    expect(SAFETY.disclaimer.short).toMatch(/not medical treatment/);
    const all = JSON.stringify(SAFETY);
    expect(all).not.toMatch(/\bcure/i);
    expect(SAFETY.highPainThreshold).toBeGreaterThan(0);
    expect(SAFETY.highPainThreshold).toBeLessThanOrEqual(10);
  });
});

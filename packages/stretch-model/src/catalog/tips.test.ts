import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIGH_PAIN, SAFETY } from './safety.js';
import { TIP_MOMENTS, TIPS, tipFor, tipsFor } from './tips.js';

describe('tips', () => {
  it("covers the guide's five self-care tips plus the app's own 'ease off'", () => {
    expect(TIPS.map((t) => t.id).sort()).toEqual([
      'ease-off',
      'foam-roller',
      'heat',
      'hydration',
      'move-often',
      'posture',
    ]);
    expect(TIPS.filter((t) => t.origin === 'app').map((t) => t.id)).toEqual(['ease-off']);
  });

  it('at high pain only advises easing off and seeing a professional if it persists', () => {
    expect(tipsFor('highPain').map((t) => t.id)).toEqual(['ease-off']);
    const easeOff = tipsFor('highPain')[0];
    expect(easeOff?.text).toMatch(/stop any stretch that hurts/);
    expect(easeOff?.detail).toMatch(/persists.*physical therapist or chiropractor/);
    // Heat and rolling can aggravate an acutely painful spot: never offered at high pain.
    for (const tip of TIPS) {
      if (tip.id === 'heat' || tip.id === 'foam-roller') expect(tip.moments).not.toContain('highPain');
    }
  });

  it('offers heat only before a routine and the foam roller only after one', () => {
    expect(TIPS.find((t) => t.id === 'heat')?.moments).toEqual(['beforeRoutine']);
    expect(TIPS.find((t) => t.id === 'foam-roller')?.moments).toEqual(['afterRoutine']);
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
    expect(SAFETY.highPainThreshold).toBe(HIGH_PAIN);
    expect(HIGH_PAIN).toBe(7);
  });

  it('after one painful run is gentle and keeps the referral for pain that persists', () => {
    expect(SAFETY.afterPainfulRun.short).not.toMatch(/therapist|chiropractor/);
    expect(SAFETY.afterPainfulRun.short.length).toBeLessThanOrEqual(64);
    expect(SAFETY.afterPainfulRun.long).toMatch(/ease off/);
    expect(SAFETY.seeProfessional.long).toMatch(/keeps going/);
  });
});

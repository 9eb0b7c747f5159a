import { describe, expect, it } from 'vitest';
import { opIdKey } from './sqlite-log-keys.js';

describe('opIdKey', () => {
  it('reads device:seq as that device and seq, and keeps any other opId whole with seq -1', () => {
    expect(opIdKey('watch-1:42')).toEqual({ device: 'watch-1', seq: 42 });
    expect(opIdKey('watch-1:0')).toEqual({ device: 'watch-1', seq: 0 });
    expect(opIdKey('a:b:12')).toEqual({ device: 'a:b', seq: 12 });
    expect(opIdKey('w:999999999999999')).toEqual({ device: 'w', seq: 999_999_999_999_999 });
    expect(opIdKey('w:1234567890123456')).toEqual({ device: 'w:1234567890123456', seq: -1 });
    expect(opIdKey('w:007')).toEqual({ device: 'w:007', seq: -1 });
    expect(opIdKey('w:')).toEqual({ device: 'w:', seq: -1 });
    expect(opIdKey('w:1a')).toEqual({ device: 'w:1a', seq: -1 });
    expect(opIdKey('w:-1')).toEqual({ device: 'w:-1', seq: -1 });
    expect(opIdKey('legacy')).toEqual({ device: 'legacy', seq: -1 });
    expect(opIdKey('line\nbreak:3')).toEqual({ device: 'line\nbreak', seq: 3 });
    expect(opIdKey(':5')).toEqual({ device: '', seq: 5 });
  });
});

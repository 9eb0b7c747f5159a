import { describe, expect, it } from 'vitest';
import { RawJson, serialiseReply, spliceRawJsonIn, withRawJson } from './raw-json.js';

describe('RawJson: stored JSON text spliced into a reply as it is', () => {
  it('writes the text in place of the value, wherever it sits', () => {
    const reply = {
      ok: true,
      snapshot: new RawJson('{"serverSeq":3,"sessions":[{"id":"w1:1"}]}'),
      ops: [{ opId: 'w1:4', extra: new RawJson('[1,2]') }],
      note: 'plain',
    };
    expect(serialiseReply(reply)).toBe(
      '{"ok":true,"snapshot":{"serverSeq":3,"sessions":[{"id":"w1:1"}]},"ops":[{"opId":"w1:4","extra":[1,2]}],"note":"plain"}',
    );
    // any other serialiser gets the parsed value: the same text
    expect(JSON.stringify(reply)).toBe(serialiseReply(reply));
  });

  it('leaves strings that only look like its stand-in alone', () => {
    const lookalike = '\u0000raw-json-00000000000000000000000000000000-0';
    const reply = { a: lookalike, b: new RawJson('true'), c: '"quoted"' };
    expect(serialiseReply(reply)).toBe(`{"a":${JSON.stringify(lookalike)},"b":true,"c":"\\"quoted\\""}`);
    expect(serialiseReply({ none: 1 })).toBe('{"none":1}');
  });

  it("splices into a socket.io encoder's packets, binary parts untouched", () => {
    const seen: unknown[] = [];
    const encoder = {
      encode(packet: unknown): unknown[] {
        seen.push(packet);
        const p = packet as { id: number; data: unknown[] };
        return [`3/sync,${p.id}${JSON.stringify(p.data)}`, Buffer.from('bin')];
      },
    };
    spliceRawJsonIn(encoder);
    const out = encoder.encode({
      type: 3,
      nsp: '/sync',
      id: 7,
      data: [{ ok: true, snapshot: new RawJson('{"x":1}') }],
    });
    expect(out[0]).toBe('3/sync,7[{"ok":true,"snapshot":{"x":1}}]');
    expect(out[1]).toEqual(Buffer.from('bin'));
    expect(seen).toHaveLength(1);
    // nested use keeps each level's own texts
    expect(
      withRawJson(() => `${serialiseReply({ i: new RawJson('1') })}|${JSON.stringify(new RawJson('2'))}`),
    ).toBe('{"i":1}|2');
  });
});

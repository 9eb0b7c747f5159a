import { describe, expect, it } from 'vitest';
import { invitationLink, invitationTokenFromLocation, passkeyAddressProblem } from './account-api';

describe('passkey addresses', () => {
  const at = (hostname: string, port = '8787', protocol = 'http:') => ({ hostname, port, protocol });
  it('accepts host names and sends loopback numbers to localhost', () => {
    expect(passkeyAddressProblem(at('localhost'))).toBeNull();
    expect(passkeyAddressProblem(at('unknot.example.org', '', 'https:'))).toBeNull();
    expect(passkeyAddressProblem(at('127.0.0.1'))).toEqual({ instead: 'http://localhost:8787' });
    expect(passkeyAddressProblem(at('[::1]'))).toEqual({ instead: 'http://localhost:8787' });
    expect(passkeyAddressProblem(at('192.168.1.20'))).toEqual({ instead: null });
  });
});

describe('invitation links', () => {
  it('carries the token in the fragment and reads it back only on /invite', () => {
    const link = new URL(invitationLink('http://localhost:8787', 'abc_-9'));
    expect(link.pathname).toBe('/invite');
    expect(link.search).toBe('');
    expect(invitationTokenFromLocation(link)).toBe('abc_-9');
    expect(invitationTokenFromLocation({ pathname: '/login', hash: '#token=abc' })).toBeNull();
    expect(invitationTokenFromLocation({ pathname: '/invite', hash: '' })).toBeNull();
  });
});

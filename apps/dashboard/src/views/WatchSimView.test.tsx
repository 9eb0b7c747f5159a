import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AuthApi, StaticAuthProvider } from '../auth/auth-context';
import WatchSimView, { type SimInfo } from './WatchSimView';

const INFO: SimInfo = {
  device: { name: 'Amazfit GTR 4', width: 466, height: 466, shape: 'round' },
  running: true,
  page: 'page/home/index',
  screenOn: true,
  texts: ['Unknot', 'Quick break'],
  targets: [{ label: 'Quick break', x: 54, y: 309, w: 358, h: 85 }],
  clock: { now: Date.UTC(2026, 4, 15, 20, 0), followsRealTime: true },
};

const auth: AuthApi = {
  state: {
    status: 'signedIn',
    user: { userId: 'u1', displayName: 'Owner', email: null },
    mode: 'local',
    getToken: async () => 'session-token',
  },
  signInWithLoginToken: vi.fn(),
  signInWithPassword: vi.fn(),
  signInWithPasskey: vi.fn(),
  acceptInvitation: vi.fn(),
  updateUser: vi.fn(),
  signOut: vi.fn(),
};

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:watch-screen');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.unstubAllGlobals());

function stubSim(info: SimInfo | null) {
  fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    if (info === null) return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    if (path === '/sim/info') return json(info);
    if (path === '/sim/screen.svg')
      return new Response('<svg xmlns="http://www.w3.org/2000/svg"/>', {
        headers: { 'content-type': 'image/svg+xml' },
      });
    if (init?.method === 'POST') return json({ hit: null, page: info.page });
    return new Response('not found', { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
}

const renderView = () =>
  render(
    <StaticAuthProvider value={auth}>
      <WatchSimView pollMs={60_000} />
    </StaticAuthProvider>,
  );

describe('watch simulator view', () => {
  it('shows the live screen and turns a click into a tap at watch coordinates', async () => {
    stubSim(INFO);
    renderView();
    const img = await screen.findByTestId('watch-screen');
    expect(img).toHaveAttribute('src', 'blob:watch-screen');
    expect(img).toHaveAccessibleName('Watch screen: Unknot · Quick break');
    expect(fetchMock).toHaveBeenCalledWith(
      '/sim/info',
      expect.objectContaining({ headers: { authorization: 'Bearer session-token' } }),
    );
    // The image is drawn at half size: a click at (100, 50) is the watch's (200, 100).
    img.getBoundingClientRect = () => ({ left: 0, top: 0, width: 233, height: 233 }) as DOMRect;
    await userEvent.pointer({ keys: '[MouseLeft]', target: img, coords: { clientX: 100, clientY: 50 } });
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/sim/tap',
        expect.objectContaining({ method: 'POST', body: JSON.stringify({ x: 200, y: 100 }) }),
      ),
    );
  });

  it('offers the on-screen buttons to the keyboard and sends the physical back key', async () => {
    stubSim(INFO);
    renderView();
    await userEvent.click(await screen.findByRole('button', { name: 'Quick break' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/sim/tap',
        expect.objectContaining({ body: JSON.stringify({ x: 233, y: 351.5 }) }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Back button' }));
    await waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/sim/key',
        expect.objectContaining({ body: JSON.stringify({ key: 'back' }) }),
      ),
    );
    expect(screen.getByTestId('watch-status')).toHaveTextContent('Page: home');
  });

  it('says so when the server runs no simulated watch (its /sim/info is the dashboard page)', async () => {
    stubSim(null);
    renderView();
    // The status first says it is looking; wait for the final message, not the first status.
    expect(await screen.findByText(/runs no simulated watch/)).toBeInTheDocument();
    expect(screen.queryByTestId('watch-screen')).toBeNull();
  });
});

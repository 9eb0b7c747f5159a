import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildSession } from '@unknot/stretch-model/testing';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, fixtureReplica, fixtureSnapshot, NOW, renderWithSync } from '../../test/render';
import { type DeviceInfo, listSessions } from '../core';
import { rememberDeviceNames, renameInDeviceNames } from '../hooks/useDeviceNames';
import DevicesView from './DevicesView';
import { HistoryView } from './HistoryView';
import NudgesView from './NudgesView';
import { OverviewView } from './OverviewView';
import PainView from './PainView';
import StretchesView from './StretchesView';

/** A watch of the account that has never been in contact: only its id and name matter here. */
function namedWatch(deviceId: string, name: string): DeviceInfo {
  return {
    deviceId,
    name,
    kind: 'watch',
    createdAt: NOW - 1e9,
    lastSeenAt: null,
    lastSyncAt: null,
    lastContactAt: null,
    pendingOps: null,
    pendingOpsAt: null,
    revokedAt: null,
    connected: false,
  };
}

describe('views render from a fixture replica state', () => {
  it('Overview: today, streaks, week, last session and next nudge', () => {
    const { replica } = renderWithSync(<OverviewView />);
    expect(screen.getByRole('heading', { level: 1, name: 'Overview' })).toBeInTheDocument();
    expect(screen.getByTestId('current-streak')).toHaveTextContent(/\d+ days?/);
    expect(screen.getByTestId('week-adherence')).toHaveTextContent(/\d+%|—/);
    const last = listSessions(replica.state()).at(-1);
    expect(last).toBeDefined();
    expect(screen.getByRole('region', { name: 'Last session' })).toHaveTextContent(last?.routineName ?? '');
    // Friday 20:00 UTC is outside the default 09:00–18:00 window: the core says when it resumes.
    expect(screen.getByTestId('next-nudge')).toHaveTextContent(/resume/i);
  });

  it('Overview with no data invites a first session', () => {
    renderWithSync(<OverviewView />, { replica: fixtureReplica(null) });
    expect(screen.getByText(/No sessions yet/)).toBeInTheDocument();
    expect(screen.getByTestId('current-streak')).toHaveTextContent('0 days');
  });

  it('History: a year heatmap and sessions with per-stretch detail', async () => {
    const { replica } = renderWithSync(<HistoryView />);
    const cells = screen.getByTestId('heatmap').querySelectorAll('[data-date]');
    expect(cells.length).toBe(365);
    const list = screen.getByTestId('session-list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(30);
    const newest = listSessions(replica.state()).at(-1);
    const first = within(list).getAllByRole('listitem')[0];
    if (!first || !newest) throw new Error('no sessions');
    expect(first).toHaveTextContent(newest.routineName);
    await userEvent.click(within(first).getByText(newest.routineName));
    const table = within(first).getByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(newest.stretches.length + 1);
    expect(within(first).getByText(newest.deviceId)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Show 30 more/ }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(60);
  });

  it('History: a session names the device that recorded it, once the device list came', async () => {
    const replica = fixtureReplica();
    const newest = listSessions(replica.state()).at(-1);
    if (!newest) throw new Error('no sessions');
    const listDevices = vi.fn(async () => ({
      ok: true as const,
      value: [namedWatch(newest.deviceId, 'Balance 2')],
    }));
    renderWithSync(<HistoryView />, { replica, api: fakeApi({ listDevices }) });
    const list = screen.getByTestId('session-list');
    const first = within(list).getAllByRole('listitem')[0];
    if (!first) throw new Error('no rows');
    await userEvent.click(within(first).getByText(newest.routineName));
    await within(first).findByText('Balance 2');
    expect(within(first).queryByText(newest.deviceId)).toBeNull();
    // a second session opened uses the same list: one request for the page
    const second = within(list).getAllByRole('listitem')[1]?.querySelector('summary');
    if (!second) throw new Error('one row only');
    await userEvent.click(second);
    await within(list).findAllByText('Balance 2');
    expect(listDevices).toHaveBeenCalledTimes(1);
  });

  it('History: the Devices page’s list and a rename there are what sessions show, with no request of their own', async () => {
    const replica = fixtureReplica();
    const newest = listSessions(replica.state()).at(-1);
    if (!newest) throw new Error('no sessions');
    const listDevices = vi.fn(async () => ({ ok: true as const, value: [] }));
    const api = fakeApi({ listDevices });
    rememberDeviceNames(api, [namedWatch(newest.deviceId, 'Balance 2')], NOW - 1000);
    renameInDeviceNames(api, newest.deviceId, 'Left wrist');
    renderWithSync(<HistoryView />, { replica, api });
    const first = within(screen.getByTestId('session-list')).getAllByRole('listitem')[0];
    if (!first) throw new Error('no rows');
    await userEvent.click(within(first).getByText(newest.routineName));
    expect(within(first).getByText('Left wrist')).toBeInTheDocument();
    expect(listDevices).not.toHaveBeenCalled();
  });

  it('History: a run stopped after 4 s says so, with the same duration the watch shows', async () => {
    const startedAt = NOW - 3_600_000;
    const stopped = buildSession({
      deviceId: 'watch-1',
      routineName: 'Stopped at once',
      outcome: 'aborted',
      startedAt,
      endedAt: startedAt + 4_000,
      stretches: [],
    });
    renderWithSync(<HistoryView />, {
      replica: fixtureReplica({ serverSeq: 1, registers: {}, sessions: [stopped], nudgeEvents: [] }),
    });
    const item = within(screen.getByTestId('session-list')).getAllByRole('listitem')[0];
    if (!item) throw new Error('no session');
    await userEvent.click(within(item).getByText('Stopped at once'));
    expect(within(item).queryByRole('table')).toBeNull();
    expect(within(item).getByTestId('no-stretches')).toHaveTextContent('Stopped before the first stretch');
    expect(item).toHaveTextContent('4 s');
  });

  it('Stretches: compliance and skip rate per stretch, with steps and why it helps', async () => {
    renderWithSync(<StretchesView />);
    const card = screen.getByTestId('stretch-card-cat-cow');
    expect(card).toHaveTextContent(/Reps: \d+% of target/);
    expect(card).toHaveTextContent(/Skipped: \d+%/);
    await userEvent.selectOptions(screen.getByLabelText('Period'), 'Last 7 days');
    expect(
      within(screen.getByTestId('stretch-card-upper-back')).getByText(/Why it helps/),
    ).toBeInTheDocument();
  });

  it('Pain: averages, and the kind "see a professional" advice only when the core flags it', () => {
    const { unmount } = renderWithSync(<PainView />);
    expect(screen.getByTestId('pain-drop')).toHaveTextContent(/−\d/);
    expect(screen.queryByTestId('see-professional')).toBeNull();
    unmount();
    renderWithSync(<PainView />, { replica: fixtureReplica(fixtureSnapshot(120, true)) });
    const advice = screen.getByTestId('see-professional');
    expect(advice).toHaveTextContent(/physical therapist or chiropractor/);
    expect(advice.textContent ?? '').not.toMatch(/cure/i);
  });

  it('Nudges: counts, response rate and best hours', () => {
    renderWithSync(<NudgesView />);
    expect(screen.getByTestId('response-rate')).toHaveTextContent(/\d+%/);
    expect(Number(screen.getByTestId('nudges-shown').textContent)).toBeGreaterThan(10);
    expect(screen.getByRole('region', { name: 'Best hours' })).toHaveTextContent(/\d{1,2}:00 (AM|PM)/);
  });

  it('Devices: lists devices, pairs with a big code and a QR, revokes after confirming', async () => {
    const api = fakeApi({
      listDevices: async () => ({
        ok: true,
        value: [
          {
            deviceId: 'watch-1',
            name: 'Balance 2',
            kind: 'watch',
            createdAt: NOW - 1e9,
            lastSeenAt: NOW - 3 * 60_000 - 5_000,
            lastSyncAt: NOW - 10 * 60_000,
            lastContactAt: NOW - 3 * 60_000 - 5_000,
            pendingOps: 2,
            pendingOpsAt: NOW - 10 * 60_000,
            revokedAt: null,
            connected: false,
          },
          {
            deviceId: 'web-test',
            name: 'Browser',
            kind: 'web',
            createdAt: NOW - 1e8,
            lastSeenAt: NOW,
            lastSyncAt: NOW,
            lastContactAt: NOW,
            pendingOps: 0,
            pendingOpsAt: NOW,
            revokedAt: null,
            connected: true,
          },
          { ...namedWatch('watch-new', 'watch'), createdAt: NOW - 1e5 },
        ],
      }),
      createPairingCode: async () => ({ ok: true, value: { code: 'ABCDEFGH', expiresAt: NOW + 600_000 } }),
      revokeDevice: vi.fn(async () => ({ ok: true as const, value: null })),
    });
    renderWithSync(<DevicesView />, { api });
    const row = await screen.findByTestId('device-watch-1');
    expect(row).toHaveTextContent('Balance 2');
    // a watch last heard from 3 minutes ago is not "connected now", and nothing says "not connected"
    expect(within(row).getByTestId('last-contact')).toHaveTextContent('Last contact 3 minutes ago');
    expect(row).not.toHaveTextContent(/connected/i);
    expect(within(row).getByTestId('pending')).toHaveTextContent(
      '2 changes waiting on the watch (as of 10 minutes ago)',
    );
    const browser = screen.getByTestId('device-web-test');
    expect(within(browser).getByText('(this browser)')).toBeInTheDocument();
    expect(within(browser).getByText('Connected now')).toBeInTheDocument();
    expect(within(browser).getByTestId('pending')).toHaveTextContent('Nothing waiting to send');
    // this browser is renamed, never revoked from here
    expect(within(browser).queryByRole('button', { name: /^Revoke/ })).not.toBeInTheDocument();
    expect(within(screen.getByTestId('device-watch-new')).getByTestId('last-contact')).toHaveTextContent(
      'Never in contact yet',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Make a pairing code' }));
    expect(await screen.findByTestId('pairing-code')).toHaveTextContent('ABCD-EFGH');
    expect(await screen.findByAltText(/QR code for pairing code ABCD-EFGH/)).toBeInTheDocument();
    // Escape cancels the confirmation, and focus goes back to Revoke
    await userEvent.click(within(row).getByRole('button', { name: 'Revoke Balance 2' }));
    expect(within(row).getByRole('button', { name: 'Keep' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(within(row).queryByRole('button', { name: 'Yes, revoke' })).not.toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Revoke Balance 2' })).toHaveFocus();
    await userEvent.click(within(row).getByRole('button', { name: 'Revoke Balance 2' }));
    await userEvent.click(within(row).getByRole('button', { name: 'Yes, revoke' }));
    await waitFor(() => expect(api.revokeDevice).toHaveBeenCalledWith('watch-1'));
  });

  it('Devices: renames in place (Escape cancels, a blank name is refused in the app’s words)', async () => {
    const watch: DeviceInfo = {
      deviceId: 'watch-FcdT5GfeDDRo',
      name: 'watch-FcdT5GfeDDRo',
      kind: 'watch',
      createdAt: NOW - 1e9,
      lastSeenAt: NOW - 5_000,
      lastSyncAt: null,
      lastContactAt: NOW - 5_000,
      pendingOps: null,
      pendingOpsAt: null,
      revokedAt: null,
      connected: true,
    };
    const renameDevice = vi.fn(async (_id: string, name: string) => ({
      ok: true as const,
      value: { ...watch, name },
    }));
    const api = fakeApi({ listDevices: async () => ({ ok: true, value: [watch] }), renameDevice });
    renderWithSync(<DevicesView />, { api });
    const row = await screen.findByTestId('device-watch-FcdT5GfeDDRo');
    expect(within(row).getByText('Connected now')).toBeInTheDocument();
    expect(within(row).getByTestId('last-contact')).toHaveTextContent('Last contact just now');
    const renameButton = within(row).getByRole('button', { name: 'Rename watch-FcdT5GfeDDRo' });

    await userEvent.click(renameButton);
    const input = within(row).getByRole('textbox', { name: 'Name for this watch' });
    expect(input).toHaveFocus();
    await userEvent.clear(input);
    await userEvent.type(input, 'Not this one');
    await userEvent.keyboard('{Escape}');
    expect(within(row).queryByRole('textbox')).not.toBeInTheDocument();
    expect(within(row).getByTestId('device-name')).toHaveTextContent('watch-FcdT5GfeDDRo');
    expect(within(row).getByRole('button', { name: 'Rename watch-FcdT5GfeDDRo' })).toHaveFocus();

    await userEvent.click(within(row).getByRole('button', { name: 'Rename watch-FcdT5GfeDDRo' }));
    const again = within(row).getByRole('textbox', { name: 'Name for this watch' });
    await userEvent.clear(again);
    await userEvent.type(again, '   ');
    await userEvent.click(within(row).getByRole('button', { name: 'Save' }));
    expect(within(row).getByRole('alert')).toHaveTextContent('Please give the device a name.');
    expect(again).toHaveAttribute('aria-invalid', 'true');
    expect(again).toHaveFocus();
    expect(renameDevice).not.toHaveBeenCalled();

    await userEvent.clear(again);
    await userEvent.type(again, '  Kitchen watch {Enter}');
    await waitFor(() => expect(within(row).getByTestId('device-name')).toHaveTextContent('Kitchen watch'));
    expect(renameDevice).toHaveBeenCalledWith('watch-FcdT5GfeDDRo', 'Kitchen watch');
    expect(within(row).getByRole('button', { name: 'Rename Kitchen watch' })).toHaveFocus();
  });

  it('Devices: removes a revoked row only after the confirmation, and says why it cannot when refused', async () => {
    const revoked: DeviceInfo = {
      deviceId: 'watch-old',
      name: 'Old watch',
      kind: 'watch',
      createdAt: NOW - 1e9,
      lastSeenAt: NOW - 2 * 86_400_000,
      lastSyncAt: NOW - 2 * 86_400_000,
      lastContactAt: NOW - 2 * 86_400_000,
      pendingOps: 1,
      pendingOpsAt: NOW - 2 * 86_400_000,
      revokedAt: NOW - 86_400_000,
      connected: false,
    };
    const removeDevice = vi
      .fn()
      .mockResolvedValueOnce({
        ok: false as const,
        error: { code: 'internal' as const, message: 'database is locked', status: 500 },
      })
      .mockResolvedValueOnce({ ok: true as const, value: null });
    const api = fakeApi({ listDevices: async () => ({ ok: true, value: [revoked] }), removeDevice });
    renderWithSync(<DevicesView />, { api });
    const row = await screen.findByTestId('device-watch-old');
    expect(within(row).getByText('Revoked')).toBeInTheDocument();
    expect(within(row).getByTestId('last-contact')).toHaveTextContent('Last contact 2 days ago');
    expect(within(row).queryByRole('button', { name: /^Rename|^Revoke/ })).not.toBeInTheDocument();
    const button = within(row).getByRole('button', { name: 'Remove from list: Old watch' });

    // Escape (Cancel) keeps it, focus back on the button
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Remove Old watch from the list?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(button).toHaveFocus());
    expect(removeDevice).not.toHaveBeenCalled();

    // a failure is said in the app's words, never the server's text
    await userEvent.click(button);
    await userEvent.click(screen.getByRole('button', { name: 'Remove from list' }));
    expect(await within(row).findByRole('alert')).toHaveTextContent(
      'The device could not be removed just now. Please try again.',
    );
    expect(row).not.toHaveTextContent('database is locked');

    await userEvent.click(button);
    await userEvent.click(screen.getByRole('button', { name: 'Remove from list' }));
    await waitFor(() => expect(screen.queryByTestId('device-watch-old')).not.toBeInTheDocument());
    expect(removeDevice).toHaveBeenLastCalledWith('watch-old');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Your devices' })).toHaveFocus());
  });
});

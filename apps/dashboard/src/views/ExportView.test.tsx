import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithSync } from '../../test/render';
import ExportView from './ExportView';

describe('export', () => {
  it('downloads the server file for the chosen kind and format', async () => {
    const blob = new Blob(['id,startedAt\n'], { type: 'text/csv' });
    const api = fakeApi({
      exportFile: vi.fn(async () => ({
        ok: true as const,
        value: { blob, fileName: 'unknot-sessions.csv' },
      })),
    });
    const save = vi.fn();
    renderWithSync(<ExportView save={save} />, { api });
    await userEvent.click(screen.getByRole('button', { name: 'Sessions (CSV)' }));
    await waitFor(() => expect(save).toHaveBeenCalledWith(blob, 'unknot-sessions.csv'));
    expect(api.exportFile).toHaveBeenCalledWith('csv', 'sessions');
    expect(screen.getByRole('status')).toHaveTextContent('Downloaded unknot-sessions.csv.');
    await userEvent.click(screen.getByRole('button', { name: 'Nudge events (JSON)' }));
    expect(api.exportFile).toHaveBeenLastCalledWith('json', 'nudges');
  });

  it('explains when the server cannot be reached', async () => {
    const api = fakeApi({
      exportFile: async () => ({
        ok: false,
        error: { code: 'internal', message: 'Failed to fetch', status: 0 },
      }),
    });
    renderWithSync(<ExportView save={vi.fn()} />, { api });
    await userEvent.click(screen.getByRole('button', { name: 'Sessions (JSON)' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/needs a connection/);
  });
});

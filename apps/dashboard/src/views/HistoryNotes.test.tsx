import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fixtureReplica, NOW, renderWithSync } from '../../test/render';
import { buildSession, hlcAt } from '@unknot/stretch-model/testing';
import { getSessionNote, type Snapshot } from '../core';
import { HistoryView } from './HistoryView';

const session = buildSession({
  id: 'watch-1:s1',
  deviceId: 'watch-1',
  routineName: 'Evening stretch',
  startedAt: NOW - 3_600_000,
  endedAt: NOW - 3_300_000,
});

function snapshot(registers: Snapshot['registers'] = {}): Snapshot {
  return { serverSeq: 1, registers, sessions: [session], nudgeEvents: [] };
}

async function openSession() {
  const item = within(screen.getByTestId('session-list')).getAllByRole('listitem')[0];
  if (!item) throw new Error('no session');
  await userEvent.click(within(item).getByText('Evening stretch'));
  return item;
}

describe('History: notes and where it hurt', () => {
  it('adds a note with two areas, saved as one register write through the replica', async () => {
    const { replica } = renderWithSync(<HistoryView />, { replica: fixtureReplica(snapshot()) });
    const item = await openSession();
    expect(within(item).getByTestId('session-note')).toHaveTextContent('No note yet.');
    await userEvent.click(within(item).getByRole('button', { name: 'Add a note' }));

    const text = within(item).getByLabelText('Note');
    await userEvent.type(text, 'Tight after the drive ');
    // 22 characters as typed (the trailing space is trimmed when saved)
    expect(text).toHaveAccessibleDescription('22 of 280 characters');
    await userEvent.click(within(item).getByRole('checkbox', { name: 'Lower back' }));
    const lowerSides = within(item).getByRole('radiogroup', { name: 'Lower back: side' });
    // a back area starts along the spine; the four sides it can have
    expect(
      within(lowerSides)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['center', 'left', 'right', 'both']);
    expect(within(lowerSides).getByRole('radio', { name: 'Middle' })).toBeChecked();
    await userEvent.click(within(lowerSides).getByRole('radio', { name: 'Left' }));
    await userEvent.click(within(item).getByRole('checkbox', { name: 'Shoulder' }));
    const shoulderSides = within(item).getByRole('radiogroup', { name: 'Shoulder: side' });
    // a shoulder is never in the middle
    expect(within(shoulderSides).queryByRole('radio', { name: 'Middle' })).toBeNull();
    expect(within(shoulderSides).getByRole('radio', { name: 'Both sides' })).toBeChecked();
    await userEvent.click(within(item).getByRole('button', { name: 'Save note' }));

    expect(within(item).getByRole('status')).toHaveTextContent('Note saved.');
    const ops = replica.takeOutbox();
    expect(ops.map((o) => [o.type, o.payload])).toEqual([
      [
        'register.set',
        {
          key: 'note.watch-1:s1',
          value: {
            sessionId: 'watch-1:s1',
            note: 'Tight after the drive',
            areas: [
              { area: 'lowerBack', side: 'left' },
              { area: 'shoulder', side: 'both' },
            ],
          },
        },
      ],
    ]);
    // shown in the detail and, short, in the list row
    expect(within(item).getByTestId('session-note')).toHaveTextContent(
      'Tight after the driveWhere it hurt: Lower back (left), Shoulder (both sides)',
    );
    expect(within(item).getByTestId('note-hint')).toHaveTextContent(
      '“Tight after the drive” · Where it hurt: Lower back (left), Shoulder (both sides)',
    );
  });

  it('edits a synced note, and removes it', async () => {
    const note = { sessionId: 'watch-1:s1', note: '', areas: [{ area: 'upperBack', side: 'right' }] };
    const { replica } = renderWithSync(<HistoryView />, {
      replica: fixtureReplica(
        snapshot({ 'note.watch-1:s1': { value: note, hlc: hlcAt(NOW - 3_000_000, 0, 'watch-1') } }),
      ),
    });
    const row = within(screen.getByTestId('session-list')).getAllByRole('listitem')[0];
    if (!row) throw new Error('no session');
    // the watch picked the area; no text
    expect(within(row).getByTestId('note-hint')).toHaveTextContent(/^Where it hurt: Upper back \(right\)$/);
    const item = await openSession();
    await userEvent.click(within(item).getByRole('button', { name: 'Edit note' }));
    expect(within(item).getByRole('checkbox', { name: 'Upper back' })).toBeChecked();
    expect(
      within(within(item).getByRole('radiogroup', { name: 'Upper back: side' })).getByRole('radio', {
        name: 'Right',
      }),
    ).toBeChecked();
    await userEvent.type(within(item).getByLabelText('Note'), 'After lifting boxes');
    await userEvent.click(within(item).getByRole('button', { name: 'Save note' }));
    expect(getSessionNote(replica.state(), 'watch-1:s1')).toEqual({ ...note, note: 'After lifting boxes' });

    await userEvent.click(within(item).getByRole('button', { name: 'Edit note' }));
    await userEvent.click(within(item).getByRole('button', { name: 'Remove note' }));
    expect(within(item).getByRole('status')).toHaveTextContent('Note removed.');
    expect(getSessionNote(replica.state(), 'watch-1:s1')).toBeNull();
    expect(within(item).queryByTestId('note-hint')).toBeNull();
    expect(within(item).getByRole('button', { name: 'Add a note' })).toBeInTheDocument();
  });

  it('shows the core’s message for a note over 280 characters and saves nothing; Cancel keeps the old one', async () => {
    const { replica } = renderWithSync(<HistoryView />, { replica: fixtureReplica(snapshot()) });
    const item = await openSession();
    await userEvent.click(within(item).getByRole('button', { name: 'Add a note' }));
    const text = within(item).getByLabelText('Note');
    expect(text).toHaveAttribute('maxlength', '280');
    // past the field's own limit (as a paste into a browser without maxlength would be)
    fireEvent.change(text, { target: { value: 'a'.repeat(281) } });
    expect(text).toHaveAttribute('aria-invalid', 'true');
    expect(text).toHaveAccessibleDescription(
      '281 of 280 characters Please keep the note to 280 characters (it has 281).',
    );
    await userEvent.click(within(item).getByRole('button', { name: 'Save note' }));
    expect(within(item).getAllByRole('alert').at(-1)).toHaveTextContent(
      'Please keep the note to 280 characters (it has 281).',
    );
    expect(replica.pendingCount()).toBe(0);
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel' }));
    expect(within(item).getByRole('button', { name: 'Add a note' })).toBeInTheDocument();
    expect(replica.pendingCount()).toBe(0);
  });

  it('does not show a note whose session is not here yet', () => {
    const orphan = { sessionId: 'watch-2:s9', note: 'Early note', areas: [] };
    renderWithSync(<HistoryView />, {
      replica: fixtureReplica(
        snapshot({ 'note.watch-2:s9': { value: orphan, hlc: hlcAt(NOW - 3_000_000, 0, 'web-1') } }),
      ),
    });
    expect(within(screen.getByTestId('session-list')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.queryByText(/Early note/)).toBeNull();
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fixtureReplica, renderWithSync } from '../../test/render';
import { getReminderSettings, listRoutines } from '../core';
import RemindersEditorView from './RemindersEditorView';
import RoutineEditorView from './RoutineEditorView';

describe('routine editor', () => {
  it('shows the core validation errors next to the fields and does not save', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    const item0 = screen.getByTestId('routine-item-0');
    const hold = within(item0).getByLabelText('Hold (seconds)');
    await userEvent.clear(hold);
    await userEvent.type(hold, '5');
    expect(hold).toHaveAttribute('aria-invalid', 'true');
    // The message is validateRoutine's, linked to the input for screen readers.
    expect(hold).toHaveAccessibleDescription('Hold for 10–60 seconds.');

    const reps = within(screen.getByTestId('routine-item-3')).getByLabelText('Reps');
    await userEvent.clear(reps);
    expect(reps).toHaveAccessibleDescription('Set a number of reps.');

    const rest = screen.getByLabelText('Rest between stretches (s)');
    await userEvent.clear(rest);
    await userEvent.type(rest, '99');
    expect(rest).toHaveAccessibleDescription(/Rest between stretches should be 0–60 seconds/);

    await userEvent.click(screen.getByRole('button', { name: 'Save routine' }));
    expect(screen.getByTestId('routine-status')).toHaveTextContent(
      'Please fix the highlighted fields first.',
    );
    expect(replica.pendingCount()).toBe(0);
  });

  it('flags a duplicate stretch with the core rule', async () => {
    renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    const second = within(screen.getByTestId('routine-item-1')).getByLabelText('Stretch 2');
    await userEvent.selectOptions(second, 'upper-back');
    expect(second).toHaveAccessibleDescription('Upper back stretch is already in this routine.');
  });

  it('saves a valid edit as a register.set op through the replica', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    const hold = within(screen.getByTestId('routine-item-0')).getByLabelText('Hold (seconds)');
    await userEvent.clear(hold);
    await userEvent.type(hold, '45');
    await userEvent.click(screen.getByRole('button', { name: 'Move Upper back stretch down' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save routine' }));
    expect(screen.getByTestId('routine-status')).toHaveTextContent(/Saved/);
    const [op] = replica.takeOutbox();
    expect(op?.type).toBe('register.set');
    const saved = listRoutines(replica.state()).find((r) => r.id === 'full-back');
    expect(saved?.items[1]).toMatchObject({ stretchId: 'upper-back', holdSeconds: 45 });
    expect(screen.getByRole('option', { name: 'Full back routine (edited)' })).toBeInTheDocument();
  });
});

describe('routine editor: the app’s own words, and making and removing routines', () => {
  it('refuses a name of only spaces and says "Under a minute" for a short routine', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    const name = screen.getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, '   ');
    expect(name).toHaveAccessibleDescription(/Give the routine a name\./);
    await userEvent.click(screen.getByRole('button', { name: 'Save routine' }));
    expect(replica.pendingCount()).toBe(0);
    await userEvent.clear(name);
    await userEvent.type(name, 'Short');
    // all six stretches are in: nothing to add
    expect(screen.getByRole('button', { name: 'Add a stretch' })).toBeDisabled();
    for (let i = 1; i < 6; i++)
      await userEvent.click(
        within(screen.getByTestId(`routine-item-${i}`)).getByRole('checkbox', { name: 'On' }),
      );
    const hold = within(screen.getByTestId('routine-item-0')).getByLabelText('Hold (seconds)');
    await userEvent.clear(hold);
    await userEvent.type(hold, '10');
    expect(screen.getByTestId('routine-status')).toHaveTextContent('Each run takes under a minute.');
  });

  it('duplicates, then deletes the copy after a confirmation that Escape cancels', async () => {
    const { replica } = renderWithSync(<RoutineEditorView />, { replica: fixtureReplica(null) });
    await userEvent.click(screen.getByRole('button', { name: 'Duplicate' }));
    const copy = listRoutines(replica.state()).find((r) => r.name === 'Copy of Full back routine');
    expect(copy?.kind).toBe('custom');
    const del = screen.getByRole('button', { name: 'Delete routine' });
    await userEvent.click(del);
    expect(screen.getByText('Delete “Copy of Full back routine”?')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByText('Delete “Copy of Full back routine”?')).not.toBeInTheDocument();
    expect(listRoutines(replica.state()).some((r) => r.id === copy?.id)).toBe(true);
    await userEvent.click(del);
    await userEvent.click(screen.getAllByRole('button', { name: 'Delete routine' }).at(-1) as HTMLElement);
    expect(listRoutines(replica.state()).some((r) => r.id === copy?.id)).toBe(false);
  });
});

describe('reminder editor', () => {
  it('refuses an end before the start unless overnight, and no active days, in the core’s words', async () => {
    const { replica } = renderWithSync(<RemindersEditorView />, { replica: fixtureReplica(null) });
    const until = screen.getByLabelText('Until');
    await userEvent.clear(until);
    await userEvent.type(until, '07:00');
    expect(until).toHaveAccessibleDescription(/This window ends before it starts\./);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Overnight' }));
    expect(until).not.toHaveAttribute('aria-invalid', 'true');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])
      await userEvent.click(screen.getByRole('checkbox', { name: day }));
    expect(screen.getByText('Pick at least one day when reminders may come.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(replica.pendingCount()).toBe(0);
  });

  it('shows the schema errors next to fields and saves valid settings', async () => {
    const { replica } = renderWithSync(<RemindersEditorView />, { replica: fixtureReplica(null) });
    const still = screen.getByLabelText('Nudge after sitting still for (min)');
    await userEvent.clear(still);
    await userEvent.type(still, '5');
    expect(still).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Choose 15–240 minutes.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(screen.getByTestId('reminder-status')).toHaveTextContent('Please fix');
    expect(replica.pendingCount()).toBe(0);

    await userEvent.clear(still);
    await userEvent.type(still, '40');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Saturday' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(screen.getByTestId('reminder-status')).toHaveTextContent(/Saved/);
    const settings = getReminderSettings(replica.state());
    expect(settings.stillThresholdMinutes).toBe(40);
    expect(settings.activeDays).toContain(6);
    expect(replica.pendingCount()).toBe(1);
  });
});

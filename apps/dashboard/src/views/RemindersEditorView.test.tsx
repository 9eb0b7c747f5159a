import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fixtureReplica, renderWithSync } from '../../test/render';
import { getReminderSettings } from '../core';
import RemindersEditorView from './RemindersEditorView';

describe('reminder editor: the daily routine reminder', () => {
  it('is off until turned on, then saves the chosen time; off keeps the time', async () => {
    const { replica } = renderWithSync(<RemindersEditorView />, { replica: fixtureReplica(null) });
    const on = screen.getByRole('checkbox', { name: 'Remind me to do my routine' });
    const time = screen.getByLabelText('Routine reminder at');
    expect(on).not.toBeChecked();
    expect(time).toHaveValue('07:30');

    await userEvent.click(on);
    await userEvent.clear(time);
    await userEvent.type(time, '06:45');
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(screen.getByTestId('reminder-status')).toHaveTextContent(/Saved/);
    expect(getReminderSettings(replica.state()).routineReminder).toEqual({
      enabled: true,
      minute: 6 * 60 + 45,
    });

    await userEvent.click(on);
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(getReminderSettings(replica.state()).routineReminder).toEqual({ enabled: false, minute: 405 });
    expect(replica.pendingCount()).toBe(2);
  });

  it('refuses an empty time in its own words and saves nothing', async () => {
    const { replica } = renderWithSync(<RemindersEditorView />, { replica: fixtureReplica(null) });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Remind me to do my routine' }));
    const time = screen.getByLabelText('Routine reminder at');
    await userEvent.clear(time);
    expect(time).toHaveAttribute('aria-invalid', 'true');
    expect(time).toHaveAccessibleDescription(
      'Choose a time of day for the routine reminder (00:00 to 23:59), or turn it off.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(screen.getByTestId('reminder-status')).toHaveTextContent(
      'Please fix the highlighted fields first.',
    );
    expect(replica.pendingCount()).toBe(0);
  });

  it('says a reminder on needs a planned day when none is planned', async () => {
    const replica = fixtureReplica(null);
    const plan = replica.record('register.set', {
      key: 'settings.plan',
      value: { routineId: 'full-back', days: [], timeZone: 'UTC' },
    });
    expect(plan.ok).toBe(true);
    replica.takeOutbox();
    renderWithSync(<RemindersEditorView />, { replica });
    const time = screen.getByLabelText('Routine reminder at');
    expect(time).not.toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Remind me to do my routine' }));
    expect(time).toHaveAccessibleDescription(
      /no day is planned yet\. Pick days under Routine, or turn the reminder off\./,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save reminders' }));
    expect(getReminderSettings(replica.state()).routineReminder).toBeUndefined();
  });
});

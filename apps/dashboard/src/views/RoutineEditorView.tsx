import { useEffect, useId, useMemo, useState } from 'react';
import { useConfirm } from '../components/ConfirmDialog';
import { errorsByPath, FieldError } from '../components/FieldError';
import { PlanEditor } from '../components/PlanEditor';
import {
  CATALOG,
  customRoutineId,
  describeDurationMessage,
  duplicateRoutine,
  getBuiltinRoutine,
  getStretch,
  newCustomRoutine,
  ROUTINE_NAME_MAX_LENGTH,
  routineRemoval,
  stretchesToAdd,
  type Routine,
  type RoutineError,
  type StretchId,
  type RoutineAdvisory,
  routineAdvisories,
  routineDurationSeconds,
  routineRegisterKey,
  validateRoutine,
} from '../core';
import { usePlan, useRoutines } from '../hooks/useAdherence';
import { useRecord } from '../hooks/useSync';
import { stretchOf } from '../i18n/core-catalog';
import { coreMessageOf, coreText, routineNameOf } from '../i18n/core-text';
import { errorText } from '../i18n/errors';
import { useT } from '../i18n/i18n';

interface DraftItem {
  key: number;
  stretchId: StretchId;
  holdSeconds: number | null;
  reps: number | null;
  enabled: boolean;
}
interface Draft extends Omit<Routine, 'items' | 'restSeconds'> {
  restSeconds: number | null;
  items: DraftItem[];
}

let nextKey = 1;
function toDraft(r: Routine): Draft {
  return { ...r, items: r.items.map((i) => ({ ...i, key: nextKey++ })) };
}
/** What is validated and saved: the name without surrounding spaces (only spaces = no name). */
function fromDraft(d: Draft): unknown {
  return { ...d, name: d.name.trim(), items: d.items.map(({ key: _key, ...item }) => item) };
}
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s));

/** A fresh item for a stretch, with the catalog's default dosage in the field that stretch uses. */
function itemFor(stretchId: StretchId, enabled = true): Omit<DraftItem, 'key'> {
  const d = getStretch(stretchId).dosage;
  return d.kind === 'hold'
    ? { stretchId, holdSeconds: d.defaultSeconds, reps: null, enabled }
    : { stretchId, holdSeconds: null, reps: d.defaultReps, enabled };
}

export default function RoutineEditorView() {
  const routines = useRoutines();
  const routineList = useMemo(() => routines.map((r) => r.routine), [routines]);
  const record = useRecord();
  const plan = usePlan();
  const [confirmDialog, confirm] = useConfirm();
  const [selectedId, setSelectedId] = useState(routines[0]?.routine.id ?? 'full-back');
  const current = routines.find((r) => r.routine.id === selectedId) ?? routines[0];
  const [draft, setDraft] = useState<Draft | null>(current ? toDraft(current.routine) : null);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const uid = useId();
  const t = useT();

  // Follow live changes from other devices while the person has not started editing.
  useEffect(() => {
    if (!dirty && current) setDraft(toDraft(current.routine));
  }, [current, dirty]);

  const validation = useMemo(() => (draft ? validateRoutine(fromDraft(draft)) : null), [draft]);
  const errors: RoutineError[] = validation && !validation.ok ? validation.errors : [];
  const byPath = errorsByPath(errors);
  const err = (path: string) => byPath.get(path) ?? [];
  // Values inside the hard bounds but outside the guide's ranges (holds 20–30 s, cat-cow 8–10):
  // said gently beside the field, never blocking the save.
  const advisories = useMemo(
    () => (draft ? routineAdvisories(fromDraft(draft) as { items: Routine['items'] }) : []),
    [draft],
  );
  const advice = (path: string): RoutineAdvisory | undefined => advisories.find((a) => a.path === path);

  if (!draft || !current) return <p>{t('routine.none')}</p>;

  const update = (change: (d: Draft) => Draft) => {
    setDraft((d) => (d ? change(d) : d));
    setDirty(true);
    setStatus(null);
  };
  const updateItem = (index: number, patch: Partial<DraftItem>) =>
    update((d) => ({ ...d, items: d.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) }));
  const move = (index: number, by: -1 | 1) =>
    update((d) => {
      const items = [...d.items];
      const [it] = items.splice(index, 1);
      if (it) items.splice(index + by, 0, it);
      return { ...d, items };
    });

  function save() {
    if (!validation?.ok) {
      setStatus(t('routine.fixFirst'));
      return;
    }
    const res = record('register.set', {
      key: routineRegisterKey(validation.routine.id),
      value: validation.routine,
    });
    if (!res.ok) {
      setStatus(t('routine.notSaved', { reason: errorText(res.error) }));
      return;
    }
    setDirty(false);
    setStatus(t('routine.saved'));
  }

  const select = (id: string, routine?: Routine) => {
    setSelectedId(id);
    const next = routine ?? routines.find((r) => r.routine.id === id)?.routine;
    if (next) setDraft(toDraft(next));
    setDirty(false);
  };

  /** Creates (or copies) a routine: saved at once, so it exists on every device, then selected. */
  function create(routine: Routine, text: string) {
    const res = record('register.set', { key: routineRegisterKey(routine.id), value: routine });
    if (!res.ok) {
      setStatus(t('routine.notSaved', { reason: errorText(res.error) }));
      return;
    }
    select(routine.id, routine);
    setStatus(text);
  }

  const removal = routineRemoval(current.routine.id, {
    planRoutineId: plan.routineId,
    edited: current.edited,
  });
  async function remove() {
    if (!removal.ok) return;
    const name = current ? routineNameOf(current.routine.id, current.routine.name) : '';
    const reset = removal.action === 'reset';
    const ok = await confirm(
      reset
        ? {
            title: t('routine.resetTitle', { name }),
            body: t('routine.resetBody'),
            confirmLabel: t('routine.resetConfirm'),
            danger: true,
          }
        : {
            title: t('routine.deleteTitle', { name }),
            body: t('routine.deleteBody'),
            confirmLabel: t('routine.deleteConfirm'),
            danger: true,
          },
    );
    if (!ok || !current) return;
    const res = record('register.set', { key: routineRegisterKey(current.routine.id), value: null });
    if (!res.ok) {
      setStatus(t('routine.notSaved', { reason: errorText(res.error) }));
      return;
    }
    setDirty(false);
    if (reset) {
      const builtin = getBuiltinRoutine(current.routine.id);
      if (builtin) select(builtin.id, builtin);
      setStatus(t('routine.wasReset', { name }));
    } else {
      select(plan.routineId);
      setStatus(t('routine.wasDeleted', { name }));
    }
  }
  const toAdd = stretchesToAdd(draft);

  const duration = validation?.ok ? routineDurationSeconds(validation.routine) : null;
  const formError = [...err(''), ...err('items')];

  return (
    <>
      <h1>{t('routine.title')}</h1>
      <p className="page-intro">{t('routine.intro')}</p>
      <section className="card" aria-labelledby="routine-h">
        <h2 id="routine-h">{t('routine.edit')}</h2>
        <div className="field">
          <label htmlFor={`${uid}-pick`}>{t('routine.pick')}</label>
          <select
            id={`${uid}-pick`}
            value={selectedId}
            onChange={(e) => {
              select(e.target.value);
              setStatus(null);
            }}
          >
            {routines.map((r) => (
              <option key={r.routine.id} value={r.routine.id}>
                {r.edited && r.builtin
                  ? t('routine.edited', { name: routineNameOf(r.routine.id, r.routine.name) })
                  : routineNameOf(r.routine.id, r.routine.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions routine-manage">
          <button
            type="button"
            className="secondary"
            onClick={() => create(newCustomRoutine(customRoutineId(Math.random)), t('routine.newMade'))}
          >
            {t('routine.new')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() =>
              create(
                duplicateRoutine(current.routine, customRoutineId(Math.random)),
                t('routine.copied', { name: routineNameOf(current.routine.id, current.routine.name) }),
              )
            }
          >
            {t('routine.duplicate')}
          </button>
          {current.builtin ? (
            <button type="button" className="secondary" disabled={!removal.ok} onClick={() => void remove()}>
              {t('routine.reset')}
            </button>
          ) : (
            <button
              type="button"
              className="danger"
              aria-describedby={removal.ok ? undefined : `${uid}-remove-why`}
              disabled={!removal.ok}
              onClick={() => void remove()}
            >
              {t('routine.deleteConfirm')}
            </button>
          )}
        </div>
        {!removal.ok && removal.code === 'dailyRoutine' && (
          <p className="muted" id={`${uid}-remove-why`}>
            {coreMessageOf(removal)}
          </p>
        )}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
          aria-describedby={formError.length ? `${uid}-form-err` : undefined}
        >
          <div className="inline-fields">
            <div className="field" style={{ flex: '2 1 220px' }}>
              <label htmlFor={`${uid}-name`}>{t('routine.name')}</label>
              <input
                id={`${uid}-name`}
                value={draft.name}
                aria-invalid={err('name').length > 0}
                aria-describedby={`${uid}-name-hint ${uid}-name-err`}
                onChange={(e) => update((d) => ({ ...d, name: e.target.value }))}
              />
              <span id={`${uid}-name-hint`} className="hint">
                {t('routine.nameHint', { max: ROUTINE_NAME_MAX_LENGTH })}
              </span>
              <FieldError id={`${uid}-name-err`} messages={err('name')} />
            </div>
            <div className="field" style={{ flex: '1 1 140px' }}>
              <label htmlFor={`${uid}-rest`}>{t('routine.rest')}</label>
              <input
                id={`${uid}-rest`}
                type="number"
                inputMode="numeric"
                value={draft.restSeconds ?? ''}
                aria-invalid={err('restSeconds').length > 0}
                aria-describedby={`${uid}-rest-err`}
                onChange={(e) => update((d) => ({ ...d, restSeconds: numberOrNull(e.target.value) }))}
              />
              <FieldError id={`${uid}-rest-err`} messages={err('restSeconds')} />
            </div>
          </div>
          <FieldError id={`${uid}-form-err`} messages={formError} />
          <ol className="editor-items">
            {draft.items.map((item, i) => {
              const stretch = stretchOf(item.stretchId);
              const p = `items.${i}`;
              const amountPath = stretch.dosage.kind === 'hold' ? `${p}.holdSeconds` : `${p}.reps`;
              const amountErr = [...err(`${p}.holdSeconds`), ...err(`${p}.reps`)];
              const rowErr = [...err(p), ...err(`${p}.stretchId`)];
              const base = `${uid}-item-${item.key}`;
              return (
                <li key={item.key} className="editor-item" data-testid={`routine-item-${i}`}>
                  <div className="field">
                    <label htmlFor={`${base}-s`}>{t('routine.stretchN', { n: i + 1 })}</label>
                    <select
                      id={`${base}-s`}
                      value={item.stretchId}
                      aria-invalid={rowErr.length > 0}
                      aria-describedby={`${base}-s-err`}
                      onChange={(e) => updateItem(i, itemFor(e.target.value as StretchId, item.enabled))}
                    >
                      {CATALOG.map((s) => (
                        <option key={s.id} value={s.id}>
                          {stretchOf(s.id).name}
                        </option>
                      ))}
                    </select>
                    <FieldError id={`${base}-s-err`} messages={rowErr} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${base}-n`}>
                      {stretch.dosage.kind === 'hold' ? t('routine.holdSeconds') : t('routine.reps')}
                    </label>
                    <input
                      id={`${base}-n`}
                      type="number"
                      inputMode="numeric"
                      value={(stretch.dosage.kind === 'hold' ? item.holdSeconds : item.reps) ?? ''}
                      aria-invalid={amountErr.length > 0}
                      aria-describedby={`${base}-n-err ${base}-n-adv`}
                      onChange={(e) =>
                        updateItem(
                          i,
                          amountPath.endsWith('holdSeconds')
                            ? { holdSeconds: numberOrNull(e.target.value) }
                            : { reps: numberOrNull(e.target.value) },
                        )
                      }
                    />
                    <FieldError id={`${base}-n-err`} messages={amountErr} />
                    {amountErr.length === 0 && advice(amountPath) && (
                      <p className="muted field-advice" id={`${base}-n-adv`} data-testid="routine-advisory">
                        {coreMessageOf(advice(amountPath) ?? {})}
                      </p>
                    )}
                  </div>
                  <div className="field editor-toggle">
                    <label>
                      <input
                        type="checkbox"
                        checked={item.enabled}
                        onChange={(e) => updateItem(i, { enabled: e.target.checked })}
                      />{' '}
                      {t('routine.on')}
                    </label>
                  </div>
                  <div className="editor-item-actions">
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('routine.moveUp', { name: stretch.name })}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={t('routine.moveDown', { name: stretch.name })}
                      disabled={i === draft.items.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('routine.remove', { name: stretch.name })}
                      onClick={() => update((d) => ({ ...d, items: d.items.filter((_, j) => j !== i) }))}
                    >
                      ✕
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={toAdd.length === 0}
              aria-describedby={toAdd.length === 0 ? `${uid}-add-why` : undefined}
              onClick={() => {
                const next = toAdd[0];
                if (next)
                  update((d) => ({ ...d, items: [...d.items, { ...itemFor(next.id), key: nextKey++ }] }));
              }}
            >
              {t('routine.add')}
            </button>
            <button type="submit">{t('routine.save')}</button>
            {dirty && (
              <button
                type="button"
                className="link"
                onClick={() => {
                  setDraft(toDraft(current.routine));
                  setDirty(false);
                  setStatus(null);
                }}
              >
                {t('routine.undo')}
              </button>
            )}
          </div>
          {toAdd.length === 0 && (
            <p className="muted" id={`${uid}-add-why`}>
              {t('routine.allIn')}
            </p>
          )}
          <p className="muted" aria-live="polite" data-testid="routine-status">
            {status ??
              (duration !== null
                ? t('routine.perRun', { duration: coreText(describeDurationMessage(duration)) })
                : '')}
          </p>
        </form>
      </section>
      <PlanEditor routines={routineList} />
      {confirmDialog}
    </>
  );
}

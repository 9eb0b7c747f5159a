import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  /** a red confirm button, for what cannot be undone */
  danger?: boolean;
}

interface Open extends ConfirmRequest {
  resolve: (ok: boolean) => void;
  returnTo: HTMLElement | null;
}

/**
 * One confirmation at a time, as a modal `<dialog>`: Escape (or Cancel) says no, focus starts on
 * Cancel and goes back to where it was when the dialog closes, whichever way it closes.
 * `ask` resolves true only for the confirm button.
 */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [open, setOpen] = useState<Open | null>(null);
  const ask = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) => {
        const active = document.activeElement;
        setOpen({ ...request, resolve, returnTo: active instanceof HTMLElement ? active : null });
      }),
    [],
  );
  const close = useCallback(
    (ok: boolean) => {
      if (!open) return;
      setOpen(null);
      open.resolve(ok);
      // after the dialog has left the page, so the browser does not move focus again
      const target = open.returnTo;
      window.setTimeout(() => target?.focus(), 0);
    },
    [open],
  );
  return [open ? <ConfirmDialog key="confirm" request={open} onClose={close} /> : null, ask];
}

function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const uid = useId();
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    cancelRef.current?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${uid}-t`}
      aria-describedby={`${uid}-b`}
      onCancel={(e) => {
        // Escape: close through React so focus returns where it was
        e.preventDefault();
        onClose(false);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose(false);
        }
      }}
    >
      <h2 id={`${uid}-t`}>{request.title}</h2>
      <p id={`${uid}-b`}>{request.body}</p>
      <div className="actions">
        <button type="button" ref={cancelRef} className="secondary" onClick={() => onClose(false)}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className={request.danger ? 'danger' : undefined} onClick={() => onClose(true)}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

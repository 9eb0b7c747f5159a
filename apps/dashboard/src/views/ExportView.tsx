import { useState } from 'react';
import type { ExportFormat, ExportKind } from '../api/http-client';
import { useApi } from '../hooks/useSync';

const FILES: { kind: ExportKind; format: ExportFormat; label: string }[] = [
  { kind: 'sessions', format: 'csv', label: 'Sessions (CSV)' },
  { kind: 'sessions', format: 'json', label: 'Sessions (JSON)' },
  { kind: 'nudges', format: 'csv', label: 'Nudge events (CSV)' },
  { kind: 'nudges', format: 'json', label: 'Nudge events (JSON)' },
];

/** Hands a Blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function ExportView({ save = saveBlob }: { save?: (blob: Blob, fileName: string) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function download(kind: ExportKind, format: ExportFormat, label: string) {
    setBusy(label);
    setMessage(null);
    const res = await api.exportFile(format, kind);
    setBusy(null);
    if (!res.ok) {
      setMessage({
        ok: false,
        text:
          res.error.status === 0
            ? 'Export needs a connection to the sync server. Please try again when you are online.'
            : `Export failed: ${res.error.message}`,
      });
      return;
    }
    save(res.value.blob, res.value.fileName);
    setMessage({ ok: true, text: `Downloaded ${res.value.fileName}.` });
  }

  return (
    <>
      <h1>Export</h1>
      <p className="page-intro">
        Download everything Unknot has recorded for you — every session and every nudge — to keep or to share
        with a physical therapist.
      </p>
      <section className="card" aria-labelledby="export-h">
        <h2 id="export-h">Download your data</h2>
        <p className="muted">
          CSV opens in any spreadsheet; JSON keeps every detail, including each stretch.
        </p>
        <div className="actions">
          {FILES.map((f) => (
            <button
              key={f.label}
              type="button"
              className={f.format === 'csv' ? undefined : 'secondary'}
              disabled={busy !== null}
              onClick={() => download(f.kind, f.format, f.label)}
            >
              {busy === f.label ? 'Preparing…' : f.label}
            </button>
          ))}
        </div>
        {message && (
          <p className={message.ok ? 'muted' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
      </section>
    </>
  );
}

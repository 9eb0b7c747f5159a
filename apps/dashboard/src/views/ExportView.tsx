import { useState } from 'react';
import type { ExportFormat, ExportKind } from '../api/http-client';
import { useApi } from '../hooks/useSync';
import { errorText } from '../i18n/errors';
import { type MessageKey, useT } from '../i18n/i18n';

const FILES: { kind: ExportKind; format: ExportFormat; label: MessageKey }[] = [
  { kind: 'sessions', format: 'csv', label: 'export.sessionsCsv' },
  { kind: 'sessions', format: 'json', label: 'export.sessionsJson' },
  { kind: 'nudges', format: 'csv', label: 'export.nudgesCsv' },
  { kind: 'nudges', format: 'json', label: 'export.nudgesJson' },
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
  const t = useT();

  async function download(kind: ExportKind, format: ExportFormat, label: string) {
    setBusy(label);
    setMessage(null);
    const res = await api.exportFile(format, kind);
    setBusy(null);
    if (!res.ok) {
      setMessage({
        ok: false,
        text:
          res.error.status === 0 ? t('export.offline') : t('export.failed', { reason: errorText(res.error) }),
      });
      return;
    }
    save(res.value.blob, res.value.fileName);
    setMessage({ ok: true, text: t('export.downloaded', { file: res.value.fileName }) });
  }

  return (
    <>
      <h1>{t('export.title')}</h1>
      <p className="page-intro">{t('export.intro')}</p>
      <section className="card" aria-labelledby="export-h">
        <h2 id="export-h">{t('export.download')}</h2>
        <p className="muted">{t('export.formats')}</p>
        <div className="actions">
          {FILES.map((f) => (
            <button
              key={f.label}
              type="button"
              className={f.format === 'csv' ? undefined : 'secondary'}
              disabled={busy !== null}
              onClick={() => download(f.kind, f.format, f.label)}
            >
              {busy === f.label ? t('export.preparing') : t(f.label)}
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

import { useEffect, useState } from 'react';
import type { SharedReportResponse } from '../core';
import { ReportDocument } from '../report/ReportDocument';
import { fetchSharedReport, type ReportApiError } from '../report/report-api';
import { LanguagePicker } from '../components/LanguagePicker';
import { formatDay } from '../format';
import { errorText } from '../i18n/errors';
import { type MessageKey, useLocale, useT } from '../i18n/i18n';
import { saveBlob } from './ExportView';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; value: SharedReportResponse }
  | { status: 'refused'; error: ReportApiError };

const REFUSALS: Record<string, { title: MessageKey; body: MessageKey }> = {
  shareLinkRevoked: { title: 'report.revokedTitle', body: 'report.revokedBody' },
  shareLinkExpired: { title: 'report.expiredTitle', body: 'report.expiredBody' },
  shareLinkNotFound: { title: 'report.notFoundTitle', body: 'report.notFoundBody' },
  rateLimited: { title: 'report.waitTitle', body: 'report.waitBody' },
};

/** The public report page at /r/<token>: no sign-in, nothing else of the account. */
export default function ReportView({ token }: { token: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pdf, setPdf] = useState<string | null>(null);
  const t = useT();
  const locale = useLocale();
  useEffect(() => {
    let gone = false;
    void fetchSharedReport(token).then((res) => {
      if (gone) return;
      setLoad(res.ok ? { status: 'ok', value: res.value } : { status: 'refused', error: res.error });
    });
    return () => {
      gone = true;
    };
  }, [token]);
  useEffect(() => {
    document.title =
      load.status === 'ok'
        ? t('report.pageTitle')
        : load.status === 'refused'
          ? t('report.unavailableTitle')
          : 'Unknot';
  }, [load.status, t]);

  if (load.status === 'loading')
    return (
      <main className="report-page" id="main">
        <p className="muted" role="status">
          {t('report.loading')}
        </p>
      </main>
    );
  if (load.status === 'refused') {
    const known = REFUSALS[load.error.code];
    const r = known
      ? { title: t(known.title), body: t(known.body) }
      : load.error.status === 0
        ? { title: t('report.offlineTitle'), body: t('report.offlineBody') }
        : { title: t('report.failedTitle'), body: errorText(load.error) };
    return (
      <main className="report-page" id="main">
        <LanguagePicker />
        <section className="report-refused" data-testid="report-refused" data-code={load.error.code}>
          <h1>{r.title}</h1>
          <p>{r.body}</p>
          <p className="muted">{t('report.companion')}</p>
        </section>
      </main>
    );
  }
  const report = load.value.report;
  const download = async () => {
    setPdf(t('report.making'));
    try {
      const { pdfWords, reportPdf, reportPdfName } = await import('../report/report-pdf');
      const bytes = await reportPdf(report, await pdfWords());
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), reportPdfName(report));
      setPdf(t('report.downloaded'));
    } catch (e) {
      setPdf(t('report.pdfFailed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <main className="report-page" id="main">
      <div className="report-toolbar">
        <button type="button" onClick={() => void download()}>
          {t('report.download')}
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('report.print')}
        </button>
        <span className="muted" role="status">
          {pdf ??
            t('report.sharedUntil', {
              date: formatDay(new Date(load.value.expiresAt).toISOString().slice(0, 10), 'date'),
            })}
        </span>
        <LanguagePicker />
      </div>
      {locale === 'zh-CN' && (
        <p className="muted report-toolbar-note" data-testid="pdf-language-note">
          {t('report.pdfEnglish')}
        </p>
      )}
      <ReportDocument report={report} />
    </main>
  );
}

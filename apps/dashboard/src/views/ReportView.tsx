import { useEffect, useState } from 'react';
import type { SharedReportResponse } from '../core';
import { ReportDocument } from '../report/ReportDocument';
import { fetchSharedReport, type ReportApiError } from '../report/report-api';
import { saveBlob } from './ExportView';

type Load =
  | { status: 'loading' }
  | { status: 'ok'; value: SharedReportResponse }
  | { status: 'refused'; error: ReportApiError };

const REFUSALS: Record<string, { title: string; body: string }> = {
  shareLinkRevoked: {
    title: 'This report link was turned off',
    body: 'The person who shared it has turned this link off, so the report no longer opens. If you still need it, please ask them for a new link.',
  },
  shareLinkExpired: {
    title: 'This report link has expired',
    body: 'Report links only open for a limited time. If you still need the report, please ask the person who shared it for a new link.',
  },
  shareLinkNotFound: {
    title: 'This report link is not known',
    body: 'Please check that the whole link was copied. If it still does not open, ask the person who shared it for a new one.',
  },
  rateLimited: {
    title: 'Please wait a moment',
    body: 'This report was opened many times in a short while from here. Please try again in a minute.',
  },
};

/** The public report page at /r/<token>: no sign-in, nothing else of the account. */
export default function ReportView({ token }: { token: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pdf, setPdf] = useState<string | null>(null);
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
        ? 'Stretching report · Unknot'
        : load.status === 'refused'
          ? 'Report not available · Unknot'
          : 'Unknot';
  }, [load.status]);

  if (load.status === 'loading')
    return (
      <main className="report-page" id="main">
        <p className="muted" role="status">
          Loading the report…
        </p>
      </main>
    );
  if (load.status === 'refused') {
    const r =
      REFUSALS[load.error.code] ??
      (load.error.status === 0
        ? {
            title: 'The report needs a connection',
            body: 'This report is read from the server each time and is not kept on this device. Please try again when you are online.',
          }
        : { title: 'The report could not be shown', body: load.error.message });
    return (
      <main className="report-page" id="main">
        <section className="report-refused" data-testid="report-refused" data-code={load.error.code}>
          <h1>{r.title}</h1>
          <p>{r.body}</p>
          <p className="muted">
            Unknot is a stretching companion. If pain persists despite stretching, please see a physical
            therapist or chiropractor.
          </p>
        </section>
      </main>
    );
  }
  const report = load.value.report;
  const download = async () => {
    setPdf('Making the PDF…');
    try {
      const { reportPdf, reportPdfName } = await import('../report/report-pdf');
      const bytes = await reportPdf(report);
      saveBlob(new Blob([bytes as BlobPart], { type: 'application/pdf' }), reportPdfName(report));
      setPdf('PDF downloaded.');
    } catch (e) {
      setPdf(
        `The PDF could not be made (${e instanceof Error ? e.message : String(e)}). You can still print this page.`,
      );
    }
  };
  return (
    <main className="report-page" id="main">
      <div className="report-toolbar">
        <button type="button" onClick={() => void download()}>
          Download PDF
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
        <span className="muted" role="status">
          {pdf ??
            `Shared with you until ${new Date(load.value.expiresAt).toISOString().slice(0, 10)}. Read-only.`}
        </span>
      </div>
      <ReportDocument report={report} />
    </main>
  );
}

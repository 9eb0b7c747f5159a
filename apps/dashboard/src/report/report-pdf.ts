/**
 * The report as a PDF (pdf-lib), built in the browser from the same core report the page shows,
 * with the same words (report-text.ts). Loaded only when "Download PDF" is pressed.
 *
 * Fonts: pdf-lib's standard Helvetica writes WinAnsi (Latin-1 and a few signs), which covers
 * English, German and Spanish. It has no Chinese characters, and a CJK font to embed is several MB:
 * so for zh-CN the PDF is made in English (`pdfLocale`), and the page says so and offers Print
 * (the browser's own PDF keeps the Chinese page as it is).
 */
import { setupI18n } from '@lingui/core';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { TherapistReport } from '../core';
import { loadLocale } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import {
  activeWords,
  complianceText,
  dateText,
  generatedText,
  outcomeText,
  painText,
  pctText,
  periodText,
  plannedDaysText,
  reportLines,
  skipText,
  type Words,
  whereText,
  wordsWith,
} from './report-text';

/** The language a PDF is written in: the viewer's, unless the standard fonts cannot write it. */
export function pdfLocale(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en-US' : locale;
}

/** The words of the PDF: the page's, or those of `pdfLocale` loaded beside them (the page keeps its own). */
export async function pdfWords(): Promise<Words> {
  const page = activeWords();
  const locale = pdfLocale(page.locale);
  if (locale === page.locale) return page;
  const { messages, core } = await loadLocale(locale);
  const own = setupI18n({ locale, messages: { [locale]: messages } });
  return wordsWith(locale, (id, values) => own._(id, values), core);
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const INK = rgb(0.12, 0.16, 0.16);
const MUTED = rgb(0.31, 0.36, 0.35);

/** The standard fonts write WinAnsi only: say the few other characters the report uses plainly. */
export function winAnsi(text: string): string {
  return text
    .replace(/→/g, '->')
    .replace(/−/g, '-')
    .replace(/≥/g, '>=')
    .replace(/[^\t\n\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, '?');
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage();
  }
  /** Wrapped text at `x` within `width`. */
  text(
    raw: string,
    o: { size?: number; bold?: boolean; x?: number; width?: number; color?: ReturnType<typeof rgb> } = {},
  ) {
    const size = o.size ?? 10;
    const font = o.bold ? this.bold : this.font;
    const x = o.x ?? MARGIN;
    const width = o.width ?? A4[0] - MARGIN - x;
    for (const line of wrap(winAnsi(raw), font, size, width)) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: o.color ?? INK });
      this.y -= size * 1.4;
    }
  }
  gap(h = 8) {
    this.y -= h;
  }
  heading(text: string) {
    this.ensure(60);
    this.gap(10);
    this.text(text, { size: 14, bold: true });
    this.gap(2);
  }
  /** A row of cells at fixed column offsets; the row is as tall as its tallest cell. */
  row(cells: string[], cols: number[], o: { bold?: boolean; size?: number } = {}) {
    const size = o.size ?? 9;
    const font = o.bold ? this.bold : this.font;
    const lines = cells.map((c, i) => {
      const width = (cols[i + 1] ?? A4[0] - MARGIN) - (cols[i] ?? MARGIN) - 6;
      return wrap(winAnsi(c), font, size, width);
    });
    const height = Math.max(1, ...lines.map((l) => l.length)) * size * 1.35 + 3;
    this.ensure(height);
    lines.forEach((ls, i) => {
      ls.forEach((line, k) => {
        this.page.drawText(line, {
          x: cols[i] ?? MARGIN,
          y: this.y - size - k * size * 1.35,
          size,
          font,
          color: INK,
        });
      });
    });
    this.y -= height;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 1 },
      end: { x: A4[0] - MARGIN, y: this.y + 1 },
      thickness: 0.3,
      color: rgb(0.85, 0.84, 0.8),
    });
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out;
}

export function reportPdfName(r: TherapistReport): string {
  return `unknot-report-${r.range.from}-to-${r.range.to}.pdf`;
}

export async function reportPdf(r: TherapistReport, w: Words): Promise<Uint8Array> {
  const { t } = w;
  const words = reportLines(w, r);
  const doc = await PDFDocument.create();
  doc.setTitle(`${t('report.title')} ${periodText(w, r)}`);
  doc.setLanguage(w.locale);
  doc.setCreator('Unknot');
  doc.setProducer('Unknot (pdf-lib)');
  const pdf = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  pdf.text(t('report.title'), { size: 20, bold: true });
  pdf.text(t('report.head', { period: periodText(w, r), zone: r.timeZone, generated: generatedText(w, r) }), {
    color: MUTED,
  });
  pdf.gap(6);
  for (const line of words.lines) pdf.text(`• ${line}`, { x: MARGIN + 4 });

  pdf.heading(t('report.adherence'));
  pdf.text(t('report.planned', { days: plannedDaysText(w, r) }), { color: MUTED });
  pdf.text(
    `${t('report.plannedDone')}: ${t('report.plannedDoneValue', {
      done: r.adherence.doneDays,
      planned: r.adherence.plannedDays,
      percent: pctText(w, r.adherence.percent),
    })}`,
  );
  pdf.text(
    `${t('report.sessions')}: ${t('report.sessionsValue', { completed: r.adherence.completed, aborted: r.adherence.aborted })}`,
  );
  pdf.text(`${t('report.extra')}: ${r.adherence.extraDays}`);
  pdf.text(`${t('report.holds')}: ${t('report.holdsValue', { percent: pctText(w, r.holdPercent) })}`);

  pdf.heading(t('report.each'));
  const sc = [MARGIN, 200, 330, 440];
  if (r.stretches.length === 0) pdf.text(t('report.noStretches'));
  else {
    pdf.row(
      [t('report.colStretch'), t('report.colCompliance'), t('report.colReached'), t('report.colSkipped')],
      sc,
      {
        bold: true,
      },
    );
    for (const s of r.stretches) {
      const m = s.hold ?? s.reps;
      pdf.row(
        [
          words.stretchName(s),
          complianceText(w, s),
          m ? t('report.ofN', { n: Math.round(m.compliantShare * m.results), total: m.results }) : '—',
          skipText(w, s),
        ],
        sc,
      );
    }
  }

  pdf.heading(t('report.pain'));
  pdf.text(
    t('report.painLinePlain', {
      before: painText(w, r.pain.averageBefore),
      after: painText(w, r.pain.averageAfter),
    }) +
      (r.pain.averageDrop !== null
        ? t('report.painChange', {
            change: `${r.pain.averageDrop >= 0 ? '-' : '+'}${painText(w, Math.abs(r.pain.averageDrop))}`,
            count: r.pain.pairedSessions,
          })
        : ''),
  );
  const rated = r.pain.days.filter((d) => d.ratedSessions > 0);
  if (rated.length === 0) pdf.text(t('report.noPain'));
  else {
    const pc = [MARGIN, 170, 260, 350];
    pdf.row([t('report.colDay'), t('report.colBefore'), t('report.colAfter'), t('report.colMean')], pc, {
      bold: true,
    });
    for (const d of rated)
      pdf.row(
        [dateText(w, d.date), painText(w, d.before), painText(w, d.after), painText(w, d.rollingBefore)],
        pc,
      );
  }

  pdf.heading(t('report.flag'));
  pdf.text(
    `${r.seeProfessional.flag ? t('report.raised') : t('report.notRaised')}${r.seeProfessional.flag && words.flagMessage ? ` — ${words.flagMessage}` : ''}`,
    { bold: true },
  );
  for (const why of words.why) pdf.text(`• ${why}`, { x: MARGIN + 4 });

  pdf.heading(t('report.sessions'));
  if (r.sessions.length === 0) pdf.text(t('report.noSessions'));
  else {
    const cc = [MARGIN, 135, 235, 305, 385, 430];
    pdf.row(
      [
        t('report.colWhen'),
        t('report.colRoutine'),
        t('report.colOutcome'),
        t('report.colPain'),
        t('report.colSkipped'),
        t('report.colNote'),
      ],
      cc,
      { bold: true },
    );
    for (const s of r.sessions) {
      const where = whereText(w, s);
      pdf.row(
        [
          `${dateText(w, s.date)} ${s.time}`,
          t('report.routineMinutes', { name: words.routineName(s.routineName), minutes: s.minutes }),
          outcomeText(w, s),
          `${painText(w, s.painBefore)} -> ${painText(w, s.painAfter)}`,
          t('report.ofN', { n: s.skipped, total: s.steps }),
          [s.note ?? '', where ? t('report.where', { areas: where }) : ''].filter(Boolean).join(' · '),
        ],
        cc,
      );
    }
  }

  pdf.gap(14);
  pdf.ensure(90);
  pdf.text(words.notices.professional, { size: 9, color: MUTED });
  pdf.text(words.notices.method, { size: 9, color: MUTED });
  pdf.text(words.notices.disclaimer, { size: 9, bold: true });
  return doc.save();
}

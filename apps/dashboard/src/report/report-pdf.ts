/**
 * The report as a PDF (pdf-lib), built in the browser from the same core report the page shows,
 * with the same words (report-text.ts). Loaded only when "Download PDF" is pressed.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { reportDate, type TherapistReport } from '../core';
import {
  complianceText,
  generatedText,
  outcomeText,
  painText,
  pctText,
  periodText,
  plannedDaysText,
  skipText,
  whereText,
} from './report-text';

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

export async function reportPdf(r: TherapistReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Stretching report ${periodText(r)}`);
  doc.setCreator('Unknot');
  doc.setProducer('Unknot (pdf-lib)');
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  w.text('Stretching report', { size: 20, bold: true });
  w.text(`${periodText(r)} · ${r.timeZone} · made ${generatedText(r)}`, { color: MUTED });
  w.gap(6);
  for (const line of r.lines) w.text(`• ${line}`, { x: MARGIN + 4 });

  w.heading('Adherence against the plan');
  w.text(`Planned: ${plannedDaysText(r)}.`, { color: MUTED });
  w.text(
    `Planned days done: ${r.adherence.doneDays} of ${r.adherence.plannedDays} (${pctText(r.adherence.percent)})`,
  );
  w.text(`Sessions: ${r.adherence.completed} completed, ${r.adherence.aborted} stopped early`);
  w.text(`Extra days (not planned): ${r.adherence.extraDays}`);
  w.text(`Holds reached: ${pctText(r.holdPercent)} of target time`);

  w.heading('Each stretch');
  const sc = [MARGIN, 200, 330, 440];
  if (r.stretches.length === 0) w.text('No stretches were recorded in this period.');
  else {
    w.row(['Stretch', 'Hold compliance', 'Reached 90 % of target', 'Skipped'], sc, { bold: true });
    for (const s of r.stretches) {
      const m = s.hold ?? s.reps;
      w.row(
        [
          s.name,
          complianceText(s),
          m ? `${Math.round(m.compliantShare * m.results)} of ${m.results}` : '—',
          skipText(s),
        ],
        sc,
      );
    }
  }

  w.heading('Pain before and after');
  w.text(
    `Average before: ${painText(r.pain.averageBefore)} of 10 · after: ${painText(r.pain.averageAfter)} of 10` +
      (r.pain.averageDrop !== null
        ? ` · change after stretching: ${r.pain.averageDrop >= 0 ? '-' : '+'}${painText(Math.abs(r.pain.averageDrop))} (${r.pain.pairedSessions} sessions rated both times)`
        : ''),
  );
  const rated = r.pain.days.filter((d) => d.ratedSessions > 0);
  if (rated.length === 0) w.text('No pain ratings in this period.');
  else {
    const pc = [MARGIN, 170, 260, 350];
    w.row(['Day', 'Before', 'After', '7-day mean before'], pc, { bold: true });
    for (const d of rated)
      w.row([reportDate(d.date), painText(d.before), painText(d.after), painText(d.rollingBefore)], pc);
  }

  w.heading('“See a professional” flag');
  w.text(
    `${r.seeProfessional.flag ? 'Raised' : 'Not raised'}${r.seeProfessional.flag && r.seeProfessional.message ? ` — ${r.seeProfessional.message}` : ''}`,
    { bold: true },
  );
  for (const why of r.seeProfessional.why) w.text(`• ${why}`, { x: MARGIN + 4 });

  w.heading('Sessions');
  if (r.sessions.length === 0) w.text('No sessions in this period.');
  else {
    const cc = [MARGIN, 135, 235, 305, 385, 430];
    w.row(['When', 'Routine', 'Outcome', 'Pain before -> after', 'Skipped', 'Note'], cc, { bold: true });
    for (const s of r.sessions) {
      const where = whereText(s);
      w.row(
        [
          `${reportDate(s.date)} ${s.time}`,
          `${s.routineName} (${s.minutes} min)`,
          outcomeText(s),
          `${painText(s.painBefore)} -> ${painText(s.painAfter)}`,
          `${s.skipped} of ${s.steps}`,
          [s.note ?? '', where ? `Where: ${where}` : ''].filter(Boolean).join(' · '),
        ],
        cc,
      );
    }
  }

  w.gap(14);
  w.ensure(90);
  w.text(r.notices.professional, { size: 9, color: MUTED });
  w.text(r.notices.method, { size: 9, color: MUTED });
  w.text(r.notices.disclaimer, { size: 9, bold: true });
  return doc.save();
}

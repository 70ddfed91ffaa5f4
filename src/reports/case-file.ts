// The case file (GET /cases/:id/file.pdf): what a judge or a flag State reads of one case. The case as it
// stands, its legal basis over time, every audit entry (who, when, what, the outcome), the refusals with their
// basis, the incidents, the places of safety considered, and how to check it all against the signed chain.
// Built from what the requester's role may read (the view and the log as the routes give them), nothing more.
// pdfkit writes it in the desk's process; DejaVu Sans is embedded (subset) because the PDF standard fonts carry
// only Latin-1, and names, ports and positions (35°12.345′N) are not.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { B } from '../../machines/citations.ts';
import type { CaseView } from '../../machines/engine.ts';
import { type LoggedStep, momentOf } from './log.ts';

export interface CaseFileInput {
  view: CaseView;
  log: readonly LoggedStep[];
  verification: {
    valid: boolean;
    entries: number;
    head: string;
    firstBad?: { seq: number; problem: string };
  };
  checkpoint?: { seq: number; at: string };
  keyThumbprint: string;
  // the desk's clock: the file is dated by it, never by the machine's
  producedAt: string;
  producedFor: { role: string; subject: string };
  deskVersion: string;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer; mono: Buffer } | undefined;
const loadFonts = () => {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    mono: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf')),
  };
  return fonts;
};

export const utc = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

// The steps that name a destination: what the case considered as a place of safety, allowed or refused.
const DESTINATION_STEPS = new Set([
  'PLACE_OF_SAFETY_PROPOSED',
  'PLACE_OF_SAFETY_DESIGNATED',
  'PLACE_OF_SAFETY_DECLINED',
  'DISEMBARKATION_COMPLETED',
  'PERSONS_HANDED_OVER',
  'MEASURES_TAKEN',
  'PERSONS_INFORMED',
  'OBJECTIONS_ASSESSED',
  'COUNTRY_ASSESSED',
]);

function destinationOf(event: Record<string, unknown>): string | undefined {
  const d = (event.destination ?? event.to ?? event) as { country?: unknown; port?: unknown };
  if (typeof d?.country !== 'string') return undefined;
  return typeof d.port === 'string' ? `${d.port} (${d.country})` : d.country;
}

function show(value: unknown): string {
  if (value === null) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((x) => typeof x !== 'object' || x === null))
    return value.length === 0 ? 'none' : value.map(show).join(', ');
  return JSON.stringify(value);
}

// An object as `path: value` lines; a directory setting is named, not copied (the export holds it whole).
export function fieldsOf(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, show(value)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    if (k === 'setting' && v && typeof v === 'object') {
      const s = v as { states?: object; countryAssessments?: object };
      const states = Object.keys(s.states ?? {}).length;
      const assessed = Object.keys(s.countryAssessments ?? {}).length;
      return [[path, `the directory: ${states} State profile(s), ${assessed} country assessment(s)`]];
    }
    return fieldsOf(v, path);
  });
}

class Writer {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly width: number,
  ) {}

  heading(text: string): void {
    this.doc.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3);
  }

  line(text: string, opts: { bold?: boolean; indent?: number; size?: number; mono?: boolean } = {}): void {
    const font = opts.mono ? 'mono' : opts.bold ? 'bold' : 'regular';
    this.doc
      .font(font)
      .fontSize(opts.size ?? 9.5)
      .text(text, this.doc.page.margins.left + (opts.indent ?? 0), undefined, {
        width: this.width - (opts.indent ?? 0),
      });
  }

  field(label: string, value: string, indent = 0): void {
    const x = this.doc.page.margins.left + indent;
    this.doc
      .font('bold')
      .fontSize(9.5)
      .text(`${label}: `, x, undefined, {
        continued: true,
        width: this.width - indent,
      });
    this.doc.font('regular').text(value);
  }

  fields(value: unknown, indent = 0, prefix = ''): void {
    for (const [k, v] of fieldsOf(value, prefix)) this.field(k, v, indent);
  }
}

function cover(w: Writer, input: CaseFileInput): void {
  const { view, verification, checkpoint } = input;
  w.doc.font('bold').fontSize(18).text('Case file');
  w.doc.font('regular').fontSize(11).text(`Interception Desk ${input.deskVersion}`).moveDown(0.5);
  w.field('Case', view.id);
  w.field('Kind', view.kind);
  w.field('Status', `${view.status}${view.outcome ? ` (${view.outcome})` : ''}`);
  w.field('Opened', utc(view.openedAt));
  w.field('Produced', `${utc(input.producedAt)}, by the desk's clock`);
  w.field('Copy for', `${input.producedFor.role} (${input.producedFor.subject})`);
  w.field(
    'Audit chain',
    verification.valid
      ? `intact: ${verification.entries} entries, head ${verification.head}`
      : `BROKEN at seq ${verification.firstBad?.seq}: ${verification.firstBad?.problem}`,
  );
  if (checkpoint) w.field('Signed checkpoint', `seq ${checkpoint.seq}, ${utc(checkpoint.at)} (Ed25519)`);
  w.field('Audit key thumbprint (RFC 7638)', input.keyThumbprint);
  w.doc.moveDown(0.5);
  w.line(
    `This file holds what the role ${input.producedFor.role} may see of the case. Before giving it to another ` +
      `State, check that nothing in it about a protection claimant reaches the country they fled ` +
      `(${B.somNonRefoulement}). The export of the case (GET /cases/${view.id}/export) proves every entry ` +
      'below with no access to the desk: `desk verify --bundle FILE`.',
    { size: 9 },
  );
}

function asItStands(w: Writer, view: CaseView): void {
  w.heading('1. The case as it stands');
  w.field('Version', String(view.version));
  w.field('Intercepting State', view.interceptingState);
  w.fields(view.unit, 0, 'unit');
  w.fields(view.vessel, 0, 'vessel');
  w.fields(view.position, 0, 'position');
  w.fields(view.zone, 0, 'zone');
  const lb = view.legalBasis;
  w.field(
    'Legal basis',
    `${lb.code}; permits ${show(lb.permits)}${lb.suspendedBy ? `; suspended by ${lb.suspendedBy}` : ''}`,
  );
  w.field('Basis', show(lb.basis));
  w.field('Distress phase', show(view.distressPhase));
  w.fields(view.flagState, 0, 'flagState');
  if (view.conditions.length > 0) w.fields(view.conditions, 0, 'conditions');
  w.fields(view.persons, 0, 'persons');
  if (view.hotPursuit) w.fields(view.hotPursuit, 0, 'hotPursuit');
  if (view.incoming) w.fields(view.incoming, 0, 'incoming');
  w.line('Required actions open', { bold: true });
  if (view.requiredActions.length === 0) w.line('none', { indent: 12 });
  for (const a of view.requiredActions) {
    const due = a.dueAt ? `, due ${utc(a.dueAt)}` : '';
    w.line(`${a.code} (${a.role}, ${a.priority}${due}): ${a.title}. Basis: ${show(a.basis)}`, { indent: 12 });
  }
  w.line('Deadlines pending', { bold: true });
  if (view.deadlines.length === 0) w.line('none', { indent: 12 });
  for (const d of view.deadlines) w.line(`${d.id} (${d.about}): ${utc(d.dueAt)}`, { indent: 12 });
  w.line('Warnings', { bold: true });
  if (view.warnings.length === 0) w.line('none', { indent: 12 });
  for (const x of view.warnings)
    w.line(`${x.code}: ${x.message}${x.basis ? ` (${show(x.basis)})` : ''}`, { indent: 12 });
}

function legalBasisOverTime(w: Writer, log: readonly LoggedStep[]): void {
  w.heading('2. Legal basis over time');
  let last = '';
  for (const { entry, view } of log) {
    const lb = view.legalBasis;
    const now = `${lb.code}|${lb.permits.join(',')}|${lb.suspendedBy ?? ''}`;
    if (now === last) continue;
    last = now;
    w.line(
      `from seq ${entry.seq}, ${utc(momentOf(entry))} (${entry.type}): ${lb.code}; permits ${show(lb.permits)}` +
        `${lb.suspendedBy ? `; suspended by ${lb.suspendedBy}` : ''}`,
      { bold: true },
    );
    w.line(`basis: ${show(lb.basis)}`, { indent: 12 });
  }
}

function auditTrail(w: Writer, log: readonly LoggedStep[]): void {
  w.heading('3. The audit trail, every entry');
  for (const { entry } of log) {
    const moment = momentOf(entry);
    const when = moment === entry.at ? utc(entry.at) : `${utc(moment)} (recorded ${utc(entry.at)})`;
    w.doc.moveDown(0.25);
    w.line(`#${entry.seq}  ${entry.type}: ${entry.outcome.toUpperCase()}`, { bold: true });
    w.field('when', when, 12);
    w.field('who', `${entry.actor.role} (${entry.actor.subject})`, 12);
    const { type: _t, ...payload } = entry.event;
    w.fields(payload, 12);
    if (entry.refusal) {
      w.field('refused', `${entry.refusal.reason}: ${entry.refusal.message}`, 12);
      w.field('basis', show(entry.refusal.basis), 12);
      w.field('overrides offered', show(entry.refusal.allowedOverrides), 12);
    }
    w.line(`hash ${entry.hash}`, { indent: 12, mono: true, size: 7 });
    w.line(`prev ${entry.prev}`, { indent: 12, mono: true, size: 7 });
  }
}

function refusals(w: Writer, log: readonly LoggedStep[]): void {
  w.heading('4. Refusals and their basis');
  const refused = log.filter(({ entry }) => entry.outcome === 'refused' && entry.refusal);
  if (refused.length === 0) w.line('none');
  for (const { entry } of refused) {
    const r = entry.refusal!;
    w.line(`#${entry.seq}  ${utc(momentOf(entry))}  ${entry.type}: ${r.reason}`, { bold: true });
    w.line(r.message, { indent: 12 });
    w.field('basis', show(r.basis), 12);
    w.field('overrides offered', show(r.allowedOverrides), 12);
  }
}

function incidents(w: Writer, input: CaseFileInput): void {
  w.heading('5. Incidents');
  if (input.view.incidents.length === 0) w.line('none');
  for (const i of input.view.incidents) {
    const opened = input.log.find(({ view }) => view.incidents.some((x) => x.id === i.id))?.entry;
    const at = opened ? `, opened at #${opened.seq}, ${utc(momentOf(opened))}` : '';
    w.line(`${i.id}: ${i.category} (${i.event}, ${i.reason})${at}`, { bold: true });
    w.field('justification', i.justification, 12);
    w.field('reviewed', i.reviewed ? `yes: ${i.finding ?? ''}` : 'not yet', 12);
  }
}

function placesOfSafety(w: Writer, input: CaseFileInput): void {
  w.heading('6. Places of safety considered');
  const steps = input.log.filter(
    ({ entry }) => DESTINATION_STEPS.has(entry.type) && destinationOf(entry.event) !== undefined,
  );
  if (steps.length === 0) w.line('no destination was named in this case');
  for (const { entry } of steps) {
    const outcome = entry.refusal
      ? `refused, ${entry.refusal.reason} (${show(entry.refusal.basis)})`
      : entry.outcome;
    w.line(
      `#${entry.seq}  ${utc(momentOf(entry))}  ${entry.type}: ${destinationOf(entry.event)}: ${outcome}`,
    );
  }
  w.doc.moveDown(0.3);
  w.line('As the case stands', { bold: true });
  w.fields(input.view.placeOfSafety, 12, 'placeOfSafety');
}

// Every page but the cover's first lines says whose case, which page, and when and for whom it was produced.
function footers(doc: PDFKit.PDFDocument, input: CaseFileInput): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .text(
        `Case ${input.view.id} · page ${i + 1} of ${range.count} · produced ${utc(input.producedAt)} for ${input.producedFor.role}`,
        doc.page.margins.left,
        doc.page.height - 30,
        { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center' },
      );
    doc.page.margins.bottom = bottom;
  }
}

export function caseFilePdf(input: CaseFileInput): Promise<Buffer> {
  const { regular, bold, mono } = loadFonts();
  const produced = new Date(input.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 50, left: 50, right: 50 },
    bufferPages: true,
    info: {
      Title: `Case file ${input.view.id}`,
      Subject: 'Interception at sea: the case, its legal basis over time and its audit trail',
      Creator: `Interception Desk ${input.deskVersion}`,
      CreationDate: produced,
      ModDate: produced,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.registerFont('mono', mono);
  const w = new Writer(doc, doc.page.width - doc.page.margins.left - doc.page.margins.right);
  cover(w, input);
  asItStands(w, input.view);
  legalBasisOverTime(w, input.log);
  auditTrail(w, input.log);
  refusals(w, input.log);
  incidents(w, input);
  placesOfSafety(w, input);
  footers(doc, input);
  doc.end();
  return done;
}

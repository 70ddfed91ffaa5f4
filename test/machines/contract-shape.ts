// "Every refusal says the rule and its basis" (contract.md), checked on every decision and every view a test of
// the law produces. The vocabulary is read from the project's copy of the contract (docs/contract.md), not from
// machines/, so a code, a reason or a priority the law invents or drops fails here.
import { readFileSync } from 'node:fs';
import type { RequiredAction } from '../../machines/action-codes.ts';
import { B } from '../../machines/citations.ts';
import type { CaseView } from '../../machines/engine.ts';
import type { Decision } from '../../machines/rules.ts';

const CONTRACT = readFileSync(new URL('../../docs/contract.md', import.meta.url), 'utf8');

function section(title: string): string {
  const start = CONTRACT.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`docs/contract.md has no section "${title}"`);
  const end = CONTRACT.indexOf('\n## ', start + 1);
  return CONTRACT.slice(start, end < 0 ? undefined : end);
}

const codesIn = (text: string, pattern: RegExp) => new Set([...text.matchAll(pattern)].map((m) => m[1]!));

// first cell of each row of the required-actions table
const ACTION_CODES = codesIn(section('Required actions'), /^\| `([A-Z_]+)`/gm);
const WARNING_CODES = codesIn(section('Warnings'), /`([A-Z_]{4,})`/g);
const BASIS_CODES = codesIn(section('Legal basis codes'), /`([a-z-]+)`/g);
const PRIORITIES = new Set(['life', 'legal', 'admin']);
const ROLES = new Set(['operator', 'authority']);
const CITATIONS = new Set<string>(Object.values(B));
// what this desk adds beside the contract, said so in docs/contract.md's preamble
const ADDED_ACTIONS = new Set(['ASSESS_OBJECTIONS']);
const ADDED_REASONS_PREAMBLE = CONTRACT.slice(0, CONTRACT.indexOf('\n## '));
for (const code of ADDED_ACTIONS)
  if (!ADDED_REASONS_PREAMBLE.includes(`\`${code}\``))
    throw new Error(`docs/contract.md does not list ${code}`);

// Plain checks, not expect(): the invariant walks call these on a million steps.
function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(`contract: ${what}`);
}

export const contractVocabulary = { ACTION_CODES, WARNING_CODES, BASIS_CODES };

// A citation is one of citations.ts's short forms or, for an agreement, a Security Council resolution or a
// coastal State's law, the name the setting gives it: either way a readable reference, never a blank.
const READABLE = /^[A-Z][\w.,()' -]*[\w)]$/;

function citations(where: string, basis: unknown, required: boolean) {
  must(Array.isArray(basis), `${where}: basis is a list`);
  const list = basis as string[];
  if (required) must(list.length > 0, `${where}: names its basis`);
  for (const c of list) must(CITATIONS.has(c) || READABLE.test(c), `${where}: "${c}" is a readable citation`);
  must(new Set(list).size === list.length, `${where}: no citation twice in ${JSON.stringify(list)}`);
}

export function checkDecision(d: Decision, where = 'decision') {
  if (d.outcome === 'applied') return;
  // a sequencing refusal ("already recorded") needs no article; every rule of the law names one
  const sequencing = d.reason === 'not-expected-now' || d.refused?.reason === 'not-expected-now';
  // an override asked where it is not available explains the override, then names the refusal it was asked against
  const aboutOverride = d.reason === 'override-not-available';
  must(/^[a-z]+(-[a-z0-9]+)*$/.test(d.reason), `${where}: a reason in kebab-case`);
  must(d.message.length > 12, `${where}: says why`);
  if (!sequencing && !aboutOverride)
    must(/^Refused: \S/.test(d.message), `${where}: a refusal of the law says so`);
  must(/[.)]$/.test(d.message), `${where}: a sentence`);
  must(!/undefined|\bnull\b|\[object|\$\{|, ,|\(\)/.test(d.message), `${where}: no unfilled value`);
  citations(where, d.basis, !sequencing);
  for (const r of d.alsoFailed ?? []) must(r !== d.reason, `${where}: alsoFailed is not the reason`);
  if (d.refused) citations(`${where} (refused)`, d.refused.basis, !sequencing);
}

export function checkActions(actions: RequiredAction[], where = 'actions') {
  for (const a of actions) {
    const at = `${where}: ${a.code}`;
    must(ACTION_CODES.has(a.code) || ADDED_ACTIONS.has(a.code), `${at} is a contract action`);
    must(a.title.length > 8, `${at}: has a title`);
    must(!/undefined|\bnull\b|\[object|\$\{|, ,|\(\)|: $|^ | $/.test(a.title), `${at}: no unfilled value`);
    citations(at, a.basis, true);
    must(PRIORITIES.has(a.priority), `${at}: priority`);
    must(ROLES.has(a.role), `${at}: role`);
    if (a.dueAt !== undefined) must(!Number.isNaN(Date.parse(a.dueAt)), `${at}: dueAt is a time`);
  }
  must(new Set(actions.map((a) => a.code)).size === actions.length, `${where}: each action once`);
}

export function checkView(v: CaseView, where = 'view') {
  checkActions(v.requiredActions, where);
  for (const w of v.warnings) {
    must(WARNING_CODES.has(w.code), `${where}: ${w.code} is a contract warning`);
    must(w.message.length > 12, `${where}: ${w.code} says why`);
    must(
      !/undefined|\bnull\b|\[object|\$\{|, ,|\(\)/.test(w.message),
      `${where}: ${w.code}: no unfilled value`,
    );
    if (w.basis) citations(`${where}: ${w.code}`, w.basis, true);
  }
  must(BASIS_CODES.has(v.legalBasis.code), `${where}: ${v.legalBasis.code} is a contract basis code`);
  citations(`${where}: legal basis`, v.legalBasis.basis, true);
}

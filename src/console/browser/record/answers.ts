/// <reference lib="dom" />
// What the desk answered, as the officer reads it: a refusal with the overrides the law allows, or a training
// decision's verdict.
import { basisList, h, icon } from '../dom.ts';
import { humanize } from '../format.ts';
import type { Refusal } from '../types.ts';

export interface DecisionAnswer {
  outcome: string;
  refusal?: Omit<Refusal, 'error'>;
  decision: {
    step: number;
    correct: boolean;
    expected: { type: string };
    expectedOutcome: string;
    basis: string[];
    explanation: string;
  };
}

// An event recorded although the law refused it, and why (domain.md, Refusals and overrides).
export interface Override {
  kind: string;
  justification: string;
}

const OVERRIDE_LABEL: Record<string, string> = {
  'imminent-danger': 'Record under imminent danger to life (SoM art. 8(5))',
  'recorded-fact': 'Record as a fact that already happened (opens a legal incident)',
};

export function refusalBox(
  refusal: Refusal,
  type: string,
  id: string,
  override: (chosen: Override) => void,
): HTMLElement {
  const justId = `${id}-just`;
  const justErr = `${justId}-err`;
  const justification = h('textarea', {
    id: justId,
    rows: 3,
    'aria-describedby': justErr,
    'aria-required': 'true',
  });
  const justError = h('p', { class: 'field-error', id: justErr });
  const overrides = refusal.allowedOverrides ?? [];
  return h(
    'div',
    { class: 'refusal', role: 'alert' },
    h('h3', null, icon('lock'), ` Refused: ${humanize(type)}`),
    h('p', { class: 'refusal-message' }, refusal.message),
    h('p', null, 'Reason: ', h('code', null, refusal.reason)),
    refusal.basis?.length ? h('div', null, h('span', null, 'Basis: '), basisList(refusal.basis)) : null,
    overrides.length > 0
      ? h(
          'div',
          { class: 'overrides' },
          h(
            'p',
            null,
            'If the crew had to act anyway, record it with a written justification. It enters the audit trail and the central authority reviews it.',
          ),
          h('label', { for: justId }, 'Justification', h('span', { class: 'req' }, ' (required)')),
          justification,
          justError,
          h(
            'div',
            { class: 'form-actions' },
            overrides.map((kind) =>
              h(
                'button',
                {
                  type: 'button',
                  class: 'override',
                  'data-override': kind,
                  onclick: () => {
                    const text = justification.value.trim();
                    if (!text) {
                      justError.textContent = 'Write why the step was necessary before recording it.';
                      justification.setAttribute('aria-invalid', 'true');
                      justification.focus();
                      return;
                    }
                    override({ kind, justification: text });
                  },
                },
                OVERRIDE_LABEL[kind] ?? `Record with override ${kind}`,
              ),
            ),
          ),
        )
      : h(
          'p',
          { class: 'no-override' },
          'No override is available: the law does not allow this step to be recorded now.',
        ),
  );
}

export function verdict(a: DecisionAnswer): HTMLElement {
  const d = a.decision;
  return h(
    'div',
    { class: `notice ${d.correct ? 'ok' : 'error'}`, role: 'alert' },
    h(
      'p',
      null,
      icon(d.correct ? 'check' : 'cross'),
      ` Step ${d.step}: ${d.correct ? 'Correct.' : 'Not the expected decision.'}`,
    ),
    h('p', null, d.explanation),
    a.refusal ? h('p', null, `The desk refused your event: ${a.refusal.message}`) : null,
    h('p', null, `Expected: ${humanize(d.expected.type)} (${d.expectedOutcome})`),
    basisList(d.basis),
  );
}

// The reports page's pure parts, in Node: the default window, the periods it is counted by, the query, and the
// rows each plot and its table are drawn from.
import { describe, expect, it } from 'vitest';
import {
  daysCounted,
  daysIn,
  indicatorsPath,
  lastDays,
  minutes,
  periodFor,
  personsRows,
  refusalRows,
  replyPoints,
  replyRows,
} from '../../src/console/browser/pages/reports/data.ts';
import { computeIndicators, periodsOf } from '../../src/reports/indicators.ts';

const report = computeIndicators([], { from: '2026-11-03T00:00:00Z', to: '2026-12-03T00:00:00Z' }, 'now');
const withReplies = {
  ...report,
  indicators: {
    ...report.indicators,
    flagStateReplies: {
      ...report.indicators.flagStateReplies,
      value: {
        LR: {
          registryReply: { count: 2, medianMinutes: 60, p90Minutes: 145 },
          authorisation: { count: 0, medianMinutes: null, p90Minutes: null },
        },
      },
    },
    refusals: {
      ...report.indicators.refusals,
      value: {
        total: 4,
        byReason: { 'no-grounds': 1, 'excluded-place': 2, 'blocking-actions-open': 1 },
        byArticle: {},
      },
    },
  },
};

describe('the window', () => {
  it("is the desk's last 30 days by default, both ends whole UTC days", () => {
    expect(lastDays(Date.parse('2026-12-02T23:59:00Z'))).toEqual({ from: '2026-11-03', to: '2026-12-02' });
    expect(daysIn({ from: '2026-11-03', to: '2026-12-02' })).toBe(30);
    expect(daysIn({ from: '2026-12-02', to: '2026-12-02' })).toBe(1);
    expect(daysIn({ from: '2026-12-03', to: '2026-12-02' })).toBe('The last day comes before the first.');
    expect(daysIn({ from: '', to: '2026-12-02' })).toBe('Give the first day as a date.');
  });

  it('is counted by week for a few months, by month up to five years, else as a whole', () => {
    expect(periodFor(30)).toBe('week');
    expect(periodFor(190)).toBe('week');
    expect(periodFor(191)).toBe('month');
    expect(periodFor(5 * 366)).toBe('month');
    expect(periodFor(5 * 366 + 1)).toBeUndefined();
    // within what the desk counts: at most 120 periods
    expect(periodsOf({ from: '2021-01-01T00:00:00Z', to: '2026-01-06T00:00:00Z' }, 'month')?.length).toBe(61);
    expect(periodsOf({ from: '2026-01-01T00:00:00Z', to: '2026-07-10T00:00:00Z' }, 'week')?.length).toBe(28);
  });

  it('goes to the desk as dates, with the periods', () => {
    expect(indicatorsPath({ from: '2026-11-03', to: '2026-12-02' }, 'week')).toBe(
      '/reports/indicators?from=2026-11-03&to=2026-12-02&by=week',
    );
    expect(indicatorsPath({ from: '2020-01-01', to: '2026-12-02' })).toBe(
      '/reports/indicators?from=2020-01-01&to=2026-12-02',
    );
    expect(daysCounted(report)).toBe('3 Nov 2026 to 2 Dec 2026');
  });
});

describe('the rows drawn', () => {
  it('take only the replies that came, per flag State and period', () => {
    expect(replyRows(withReplies)).toEqual([
      { state: 'LR', measure: 'registry reply', count: 2, median: 60, p90: 145 },
    ]);
    expect(replyPoints(withReplies)).toEqual([]);
    const periods = [{ ...withReplies, from: '2026-11-09T00:00:00.000Z' }];
    expect(replyPoints({ ...withReplies, periods })).toEqual([
      {
        state: 'LR',
        measure: 'registry reply',
        count: 2,
        median: 60,
        p90: 145,
        period: '2026-11-09T00:00:00.000Z',
      },
    ]);
  });

  it('count persons in five bars and refusals most frequent first', () => {
    expect(personsRows(report).map((r) => r.label)).toEqual([
      'rescued',
      'taken on board (not in a rescue)',
      'delivered to a place of safety',
      'deceased',
      'missing',
    ]);
    expect(refusalRows(withReplies, 'byReason')).toEqual([
      { label: 'excluded-place', value: 2 },
      { label: 'blocking-actions-open', value: 1 },
      { label: 'no-grounds', value: 1 },
    ]);
  });

  it('say minutes as a reader takes them in', () => {
    expect(minutes(45)).toBe('45 min');
    expect(minutes(120)).toBe('2 h');
    expect(minutes(410)).toBe('6 h 50 min');
    expect(minutes(119.96)).toBe('2 h');
  });
});

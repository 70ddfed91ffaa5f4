// Words and times as a watch officer reads them. Pure functions, tested in Node (test/console/logic.test.ts).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function span(ms: number): string {
  if (ms < MINUTE) return `${Math.max(0, Math.floor(ms / 1000))} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

export interface Countdown {
  text: string;
  overdue: boolean;
  // under an hour to go: worth a second look
  soon: boolean;
}

export function countdown(dueAt: string, now: number): Countdown {
  const left = Date.parse(dueAt) - now;
  if (Number.isNaN(left)) return { text: 'due time unknown', overdue: false, soon: false };
  if (left <= 0) return { text: `overdue by ${span(-left)}`, overdue: true, soon: false };
  return { text: `due in ${span(left)}`, overdue: false, soon: left < HOUR };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

// Times at sea are in UTC; a local clock on a laptop in another zone must not shift a deadline.
export function utc(iso: string | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}${withSeconds ? `:${two(d.getUTCSeconds())}` : ''}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${time} UTC`;
}

const ACRONYMS = new Set(['RCC', 'IMO', 'MMSI', 'UN', 'SAR']);

// NOTIFY_RCC -> "Notify RCC"; flag-state-authorisation -> "Flag state authorisation"
export function humanize(code: string): string {
  const words = code.split(/[_\-\s]+/).filter(Boolean);
  return words
    .map((w, i) => {
      const upper = w.toUpperCase();
      if (ACRONYMS.has(upper)) return upper;
      const lower = w.toLowerCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

// A camelCase key in words: lossOrDamage -> "Loss or damage", medicalUrgent -> "Medical urgent"
export function words(key: string): string {
  return humanize(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
}

// Degrees and decimal minutes, as read off a chart or a GPS: 35°12.345′N 014°03.210′E. Rounded to the
// thousandth of a minute first, so 59.9996′ becomes the next degree rather than "60.000′".
function degreesMinutes(v: number, width: number, pos: string, neg: string): string {
  const thousandths = Math.round(Math.abs(v) * 60_000);
  const d = Math.floor(thousandths / 60_000);
  const m = (thousandths % 60_000) / 1000;
  return `${String(d).padStart(width, '0')}°${m.toFixed(3).padStart(6, '0')}′${v >= 0 ? pos : neg}`;
}

export const latitude = (lat: number) => degreesMinutes(lat, 2, 'N', 'S');
export const longitude = (lon: number) => degreesMinutes(lon, 3, 'E', 'W');

export function position(p: { lat: number; lon: number } | undefined): string {
  if (!p) return '—';
  return `${latitude(p.lat)} ${longitude(p.lon)}`;
}

// The vessel as the crew would point at it: its name, else what it looks like.
export function vesselName(view: { vessel: unknown }): string {
  const v = view.vessel as { name?: string; description?: string } | undefined;
  return v?.name ?? v?.description ?? 'Unnamed vessel';
}

// The header's clock: the time of day at sea, in UTC ("Zulu").
export function clock(now: number): string {
  const d = new Date(now);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} Z`;
}

// How long ago something was recorded: "distress 1 h 12 min ago". A time a little ahead of this clock (the
// desk's and the browser's disagree by a second) reads as "0 s ago", never as a negative span.
export function ago(label: string, iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return `${label} time unknown`;
  return `${label} ${span(Math.max(0, now - t))} ago`;
}

// domain.md, "The legal basis for acting against a vessel": what each code means for the officer now.
export const BASIS_MEANING: Record<string, string> = {
  'government-vessel':
    'The vessel is a warship or government ship on non-commercial service: the Protocol does not apply to it.',
  'coastal-jurisdiction': 'In our own internal waters or territorial sea: coastal jurisdiction applies.',
  'foreign-coastal-state-consent':
    "In another State's territorial sea: nothing but rescue until that State consents, then as it consents.",
  'contiguous-zone-control':
    'In our contiguous zone: control to prevent infringements; measures only to prevent entry.',
  'own-flag': 'The vessel flies or claims our flag: flag-State jurisdiction.',
  stateless:
    'Without nationality: boarding and search under the right of visit; measures once evidence is found.',
  undetermined: 'Nationality undetermined: identify the vessel before anything else.',
  'hot-pursuit': 'Hot pursuit lawfully begun and uninterrupted.',
  'agreement-authorisation': "Under an agreement with the flag State: within the agreement's scopes only.",
  'flag-state-authorisation':
    'Foreign flag: no boarding, search or measures without the express authorisation of the flag State.',
  'consent-under-general-law':
    'The flag State is not party to the Protocol: nothing is permitted until it consents under general law.',
  'security-council-authorisation':
    "On the high seas inside the area of a UN Security Council authorisation in force, after a good-faith attempt to obtain the flag State's consent: within the resolution's scopes and measures only.",
};

// domain.md: while the danger is open, the basis stands but boarding, search and measures wait for rescue.
export const SUSPENDED_MEANING: Record<string, string> = {
  distress:
    'Suspended by distress: boarding, search and measures are refused until rescue is recorded, unless taken under the imminent-danger override to save life (SoM art. 8(5)).',
};

// contract.md, Warnings: a few words for each code, shown before the desk's own message.
export const WARNING_TITLE: Record<string, string> = {
  POSSIBLE_FALSE_FLAG: 'Possible false flag',
  INVALID_IMO_NUMBER: 'Invalid IMO number',
  INVALID_MMSI: 'Invalid MMSI',
  MULTIPLE_FLAGS: 'More than one flag',
  OUTSIDE_OFFICE_HOURS: "Sent outside the flag authority's office hours",
  REPLY_DEADLINE_NEAR: 'Reply deadline near',
  DANGER_FACTORS_WITH_PHASE_NONE: 'Danger factors but phase none',
  FORCE_USED: 'Force used',
  NO_STATE_PROFILE: 'No profile for this State',
  COASTAL_STATE_CONSENT_ALSO_NEEDED: "The coastal State's consent is also needed",
  DESIGNATION_LAPSED: 'Place of safety designation lapsed',
  DESIGNATION_NOT_USABLE: 'Designated place of safety not usable',
  MESSAGE_NOT_DELIVERED: 'Message not delivered',
};

// Warnings about where the persons go: shown first, marked as about life.
export const LIFE_WARNINGS = new Set(['DESIGNATION_LAPSED', 'DESIGNATION_NOT_USABLE']);

// contract.md, Incident categories: what the central authority is asked to review.
export const INCIDENT_MEANING: Record<string, string> = {
  legal: 'A step recorded although the law refused it: the central authority reviews it.',
  'possible-fundamental-rights-violation':
    'A step that may have exposed persons to refoulement (SoM art. 19(1)): the central authority reviews it.',
  'rescue-measure-review':
    'Persons detained or the vessel seized under the imminent-danger override: a review, not a finding of wrongdoing.',
  'use-of-force':
    'Firearms, casualties or force used outside a step: an effective investigation is owed (ECHR art. 2).',
};

// contract.md, Conditions: what each condition of an authorisation does.
export const CONDITION_MEANING: Record<string, string> = {
  'report-results-within': 'Report the results to the flag State within the hours given after boarding.',
  'no-detention-without-consent': 'Detaining suspects is refused without further consent.',
  'flag-state-jurisdiction-over-persons':
    'The flag State keeps jurisdiction over the persons (not enforced by the desk).',
  'force-self-defence-only': 'Force only in self-defence: any other force is refused.',
  'flag-officer-on-board': 'Boarding only with a flag-State officer on board.',
  'notify-before-moving-vessel': 'Inform the flag State before diverting, escorting or seizing the vessel.',
  other: 'Shown, not enforced by the desk.',
};

// contract.md, Desk-to-desk exchange: each kind of message in the words the two authorities use on the phone.
export const MESSAGE_KIND: Record<string, string> = {
  'notify-flag-state': 'Notification and registry request',
  'request-authorisation': 'Request for authorisation',
  acknowledge: 'Acknowledgement',
  answer: 'Answer',
  'withdraw-authorisation': 'Withdrawal of authorisation',
  'report-results': 'Report of results',
};

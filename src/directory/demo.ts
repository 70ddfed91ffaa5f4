// Demo entries for the authorities directory (SoM art. 8(6)), seeded on first start so a newcomer's desk
// has something to route requests to. DEMO DATA: invented profiles and fictional agreements, not claims
// about any real State's treaty relations, office hours or contacts.
import type { SecurityCouncilAuthorisation, Setting } from '../../machines/schemas.ts';

// The high seas off Libya, roughly from the Tunisian to the Egyptian border and out to 34.3N: the area of
// res. 2240 (2015) para. 7 drawn as a demo polygon (the resolution names no coordinates). The territorial sea
// inside it is excluded by the law engine itself (row 8b applies on the high seas only).
const OFF_LIBYA: SecurityCouncilAuthorisation['area'] = {
  type: 'Polygon',
  coordinates: [
    [
      [11.6, 33.2],
      [11.6, 34.3],
      [25.1, 34.3],
      [25.1, 31.5],
      [20.0, 30.3],
      [15.2, 31.1],
      [11.6, 33.2],
    ],
  ],
};

// Res. 2240 (2015) and its renewals, each for twelve months from adoption (paras 7-8: inspect after good-faith
// attempts to obtain the flag State's consent; seize vessels confirmed as used for smuggling). The line lapsed on
// 29 September 2024: no renewal of 2698 (2023) was found. A replay of a 2016 case finds it in force; a case today
// does not.
const RENEWALS: Array<[string, string, string]> = [
  ['2240 (2015)', '2015-10-09', '2016-10-09'],
  ['2312 (2016)', '2016-10-06', '2017-10-06'],
  ['2380 (2017)', '2017-10-05', '2018-10-05'],
  ['2437 (2018)', '2018-10-03', '2019-10-03'],
  ['2491 (2019)', '2019-10-03', '2020-10-03'],
  ['2546 (2020)', '2020-10-02', '2021-10-02'],
  ['2598 (2021)', '2021-09-29', '2022-09-29'],
  ['2652 (2022)', '2022-09-29', '2023-09-29'],
  ['2698 (2023)', '2023-09-29', '2024-09-29'],
];

export const RES_2240_LINE: SecurityCouncilAuthorisation[] = RENEWALS.map(([resolution, from, until]) => ({
  resolution,
  area: OFF_LIBYA,
  from: `${from}T00:00:00Z`,
  until: `${until}T00:00:00Z`,
  scopes: ['board', 'search'],
  measures: ['seize-vessel'],
  note: 'inspection on the high seas off Libya after good-faith attempts at flag-State consent; seizure once confirmed (paras 7-8)',
}));

export const DEMO_SETTING: Setting = {
  states: {
    MT: {
      demo: true,
      protocolParty: true,
      contiguousZoneNm: 24,
      replyWithinHours: 4,
      officeHours: { from: '08:00', to: '17:00' },
      timeZone: 'Europe/Malta',
      languages: ['en', 'mt'],
      contact: 'demo central authority (fictional)',
      rcc: 'RCC Malta (demo)',
    },
    IT: {
      demo: true,
      protocolParty: true,
      contiguousZoneNm: 24,
      replyWithinHours: 4,
      timeZone: 'Europe/Rome',
      languages: ['it', 'en'],
      contact: 'demo central authority (fictional)',
      rcc: 'IMRCC Rome (demo)',
    },
    GR: {
      demo: true,
      protocolParty: true,
      replyWithinHours: 4,
      timeZone: 'Europe/Athens',
      languages: ['el', 'en'],
    },
    TG: {
      demo: true,
      protocolParty: true,
      replyWithinHours: 6,
      officeHours: { from: '08:00', to: '16:00' },
      timeZone: 'Africa/Lome',
      languages: ['fr'],
      deemedConsent: {
        agreement: 'Demo bilateral agreement on migrant smuggling by sea (fictional)',
        with: ['MT'],
        afterHours: 4,
        scopes: ['board', 'search'],
      },
    },
    SL: {
      demo: true,
      protocolParty: false,
      replyWithinHours: 8,
      timeZone: 'Africa/Freetown',
      languages: ['en'],
    },
  },
  securityCouncilAuthorisations: RES_2240_LINE,
  countryAssessments: {
    LY: {
      unsafe: true,
      source: 'demo assessment (fictional), cf. UNHCR position on returns to Libya',
      date: '2026-01-15',
    },
  },
};

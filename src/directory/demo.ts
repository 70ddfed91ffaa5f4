// Demo entries for the authorities directory (SoM art. 8(6)), seeded on first start so a newcomer's desk
// has something to route requests to. DEMO DATA: invented profiles and fictional agreements, not claims
// about any real State's treaty relations, office hours or contacts.
import type { Setting } from '../../machines/schemas.ts';

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
  countryAssessments: {
    LY: {
      unsafe: true,
      source: 'demo assessment (fictional), cf. UNHCR position on returns to Libya',
      date: '2026-01-15',
    },
  },
};

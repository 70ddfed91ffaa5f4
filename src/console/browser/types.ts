// The shapes the desk sends, taken from the server's own types so a change there fails the type check here.
// Type-only imports: nothing of the server ends up in the bundle.

import type { RequiredAction } from '../../../machines/action-codes.ts';
import type { ExchangeMessage } from '../../../machines/context.ts';
import type { CaseView as DeskCaseView } from '../../../machines/engine.ts';
import type { Offer } from '../../../machines/offers.ts';
import type { RefusalRecord } from '../../audit/chain.ts';
import type { Ranking } from '../../places/ranking.ts';
import type { AuditEntry, CaseSummary } from '../../runtime/types.ts';
import type { SessionScore, SessionView } from '../../training/sessions.ts';
import type { ConsoleGeo } from '../geo.ts';
import type { Closer, ConsoleMeta, JsonSchema } from '../meta.ts';

export type {
  CaseSummary,
  Closer,
  ConsoleGeo,
  ConsoleMeta,
  ExchangeMessage,
  JsonSchema,
  Offer,
  Ranking,
  RequiredAction,
  SessionScore,
  SessionView,
};

// A desk from before the desk-to-desk exchange sends no `messages`: its cases must still draw.
export type CaseView = Omit<DeskCaseView, 'messages'> & { messages?: ExchangeMessage[] };

export type Role = 'operator' | 'authority' | 'trainer' | 'auditor';

// GET /cases/:id/audit leaves out the caseId
export type AuditRow = Omit<AuditEntry, 'caseId'>;

export interface VerifyResult {
  valid: boolean;
  entries: number;
  head: string;
  firstBad?: { seq: number; problem: string };
}

// a 409 refused: the refusal as the log keeps it, with the case's head and view
export interface Refusal extends RefusalRecord {
  error: 'refused';
  seq?: number;
  view?: CaseView;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  issues?: Array<{ path: string; message: string }>;
  rolesAllowed?: string[];
  currentVersion?: number;
}

// as a trainee may see it: a neutral title and a briefing, never the scenario's own title or summary
export interface ScenarioInfo {
  id: string;
  title: string;
  briefing: string;
  decisions: number;
}

export interface StreamEventMessage {
  type: 'event';
  caseId: string;
  seq: number;
  event: Record<string, unknown> & { type: string };
  outcome: 'applied' | 'refused';
  audit: { hash: string; prev: string };
  view: CaseView;
}

export type ServerMessage =
  | { type: 'hello'; epoch: string; headSeq: number }
  | { type: 'subscribed'; caseId: string; headSeq: number }
  | { type: 'unsubscribed'; caseId: string }
  | { type: 'resumed'; caseId: string; from: number; to: number }
  | { type: 'reset'; caseId: string; epoch: string; view: CaseView }
  | { type: 'pong' }
  | { type: 'error'; message: string }
  | { type: 'training'; session: SessionView }
  | StreamEventMessage;

// The service's ports: time, ids and the case runtime's public surface, shared by HTTP, WebSocket, CLI and tests.

import type { Priority } from '../../machines/action-codes.ts';
import type { CaseView } from '../../machines/engine.ts';
import type { CaseEvent, IncomingRequest, OpeningReport, Role } from '../../machines/schemas.ts';
import type { ChainedEntry, RefusalRecord } from '../audit/chain.ts';

// One injected clock: nothing else reads the time (engineering.md).
export interface Clock {
  now(): Date;
}

export interface IdSource {
  caseId(): string;
}

export interface Actor {
  role: Role;
  // the token's subject; never personal data about persons on board
  subject: string;
}

// One entry of a case's audit trail: the chained entry itself (src/audit/chain.ts).
export type AuditEntry = ChainedEntry;

// What the stream sends for every audit entry (contract.md, WebSocket).
export interface StreamEvent {
  type: 'event';
  caseId: string;
  seq: number;
  event: Record<string, unknown>;
  outcome: 'applied' | 'refused';
  audit: { hash: string; prev: string };
  view: CaseView;
  training: boolean;
}

export type CommandResult =
  | { status: 'applied'; view: CaseView; seq: number }
  | {
      status: 'refused';
      view: CaseView;
      seq: number;
      refusal: RefusalRecord;
    }
  | { status: 'not-found' }
  | { status: 'version-conflict'; currentVersion: number }
  // the key was recorded with another request (idempotency.ts)
  | { status: 'idempotency-key-reused'; key: string; message: string }
  | { status: 'forbidden'; message: string; rolesAllowed: string[] };

export interface CommandOptions {
  idempotencyKey?: string;
  ifMatch?: number;
  // training cases only: the scenario time the event happens at
  at?: string;
}

export interface CaseSummary {
  id: string;
  kind: string;
  status: 'open' | 'closed';
  training: boolean;
  openedAt: string;
  version: number;
  vesselName?: string;
  legalBasis: string;
  nextDueAt?: string;
  overdue: boolean;
  topAction?: string;
  // the law's priority of that action (life first): the list marks it, with no list of its own
  topPriority?: Priority;
}

export type { CaseEvent, IncomingRequest, OpeningReport };

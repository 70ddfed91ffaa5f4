// What the HTTP and WebSocket layers need from the case runtime (src/runtime/case-runtime.ts). Written as a
// structural type so this layer depends on the runtime's surface, not on its module.

import type { CaseContext } from '../../machines/context.ts';
import type { CaseView } from '../../machines/engine.ts';
import type { CaseEvent, IncomingRequest, OpeningReport } from '../../machines/schemas.ts';
import type { VerifyResult } from '../audit/chain.ts';
import type {
  Actor,
  AuditEntry,
  CaseSummary,
  CommandOptions,
  CommandResult,
  StreamEvent,
} from '../runtime/types.ts';
import type { ExchangeRuntime } from './routes/exchange.ts';
import type { OffersRuntime } from './routes/offers.ts';
import type { ReferenceRuntime } from './routes/reference.ts';
import type { ReportsRuntime } from './routes/reports.ts';

export interface DeskRuntime extends ReferenceRuntime, ExchangeRuntime, OffersRuntime, ReportsRuntime {
  readonly epoch: string;
  // the whole context: what the law reads (GET /cases/:id/offers), more than the reference routes need
  getContext(caseId: string, actor: Actor): Promise<CaseContext | undefined>;
  openCase(
    opening: OpeningReport,
    actor: Actor,
    opts?: { training?: boolean; idempotencyKey?: string },
  ): Promise<CommandResult>;
  openIncoming(
    request: IncomingRequest,
    actor: Actor,
    opts?: { training?: boolean; idempotencyKey?: string },
  ): Promise<CommandResult>;
  applyEvent(caseId: string, event: CaseEvent, actor: Actor, opts?: CommandOptions): Promise<CommandResult>;
  getView(caseId: string, actor: Actor): Promise<CaseView | undefined>;
  listCases(actor: Actor, filter: { status?: 'open' | 'closed' }): Promise<CaseSummary[]>;
  audit(caseId: string, actor: Actor): Promise<AuditEntry[] | undefined>;
  verify(caseId: string): Promise<VerifyResult>;
  headSeq(caseId: string): Promise<number>;
  // the highest head among the cases the actor may see: the stream's hello
  visibleHeadSeq(actor: Actor): Promise<number>;
  entriesSince(caseId: string, sinceSeq: number): Promise<StreamEvent[]>;
  caseIds(): Promise<string[]>;
  subscribe(listener: (e: StreamEvent) => void): () => void;
  // which store the desk runs on, and whether it answers (GET /health)
  storeHealth(): Promise<{ kind: string; ok: boolean; problem?: string }>;
}

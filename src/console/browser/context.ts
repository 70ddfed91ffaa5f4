// What every page of the console shares: the API, who is signed in, the law's tables, the stream.
import type { Api } from './api.ts';
import type { Field } from './forms/fields.ts';
import type { LiveStatus, LiveStream } from './live.ts';
import type { Identity } from './session.ts';
import type { CaseView, ConsoleMeta, SessionView, StreamEventMessage } from './types.ts';

export interface Ctx {
  api: Api;
  identity: Identity;
  meta: ConsoleMeta;
  fields: Record<string, Field[]>;
  live: LiveStream;
  announce(message: string): void;
}

export interface Page {
  readonly el: HTMLElement;
  readonly title: string;
  mount(): Promise<void>;
  unmount(): void;
  onEvent?(message: StreamEventMessage): void;
  onOtherEvent?(message: StreamEventMessage): void;
  onReset?(caseId: string, view: CaseView): void;
  onTraining?(session: SessionView): void;
  // the stream's state: a page that follows "*" fetches again what it may have missed while away
  onLink?(status: LiveStatus): void;
}

// The runtime's view of the directory stream (src/directory/chain.ts): the fold of the chain, cached, and
// brought up to the store's head before it is read or edited, so another process's edit is not missed.
import type { Setting } from '../../machines/schemas.ts';
import {
  applyChange,
  chainDirectory,
  type DirectoryEntry,
  type DirectoryVerifyResult,
  entryProblem,
  sameDirectoryValue,
  verifyDirectoryChain,
} from '../directory/chain.ts';
import {
  type DirectoryEdit,
  type DirectoryEdited,
  decideEdit,
  type EditResult,
} from '../directory/directory.ts';
import { chainFromMeta, LEGACY_DIRECTORY_KEY, LEGACY_HISTORY_KEY } from '../directory/migrate.ts';
import { mayEditDirectory, rolesThat } from '../policy.ts';
import { type CaseRow, DirectoryHeadMovedError, HeadMovedError, type Store } from '../store/store.ts';
import { backoff } from './locks.ts';
import type { Actor, CommandResult } from './types.ts';

type DirectoryStore = Pick<Store, 'getMeta' | 'appendDirectory' | 'directoryEntries'>;

// the actor of a new store's first entry: the desk seeded it, no one edited it
export const SEED_ACTOR = 'desk';

// Writers race only at the head; each attempt reads what moved it, so a few always suffice in practice.
const ATTEMPTS = 8;

export class DirectoryChainError extends Error {
  constructor(
    readonly seq: number,
    readonly problem: string,
  ) {
    super(`the directory chain is broken at seq ${seq}: ${problem} (run desk verify)`);
  }
}

export type AppendResult =
  | { status: 'ok'; entry: DirectoryEntry & DirectoryEdited }
  | Exclude<EditResult, { status: 'ok' }>;

export class DirectoryStream {
  private head: DirectoryEntry | undefined;
  private setting: Setting | undefined;
  // the first problem found while folding; the fold stops before it
  private broken: DirectoryChainError | undefined;
  private syncing: Promise<void> | undefined;

  private constructor(private readonly store: DirectoryStore) {}

  // The chain, started if the store has none: from the legacy meta keys where an older desk left them, or
  // else a seed with `seed`.
  static async open(store: DirectoryStore, seed: Setting, at: string): Promise<DirectoryStream> {
    const stream = new DirectoryStream(store);
    const legacy = new Map<string, string | undefined>();
    for (const key of [LEGACY_DIRECTORY_KEY, LEGACY_HISTORY_KEY]) legacy.set(key, await store.getMeta(key));
    for (let attempt = 1; ; attempt++) {
      await stream.sync();
      if (stream.head || stream.broken) return stream;
      const entries = chainFromMeta((key) => legacy.get(key), seed, at) ?? [
        chainDirectory(undefined, at, SEED_ACTOR, { kind: 'seed', before: null, after: seed }),
      ];
      try {
        await store.appendDirectory(...entries);
      } catch (err) {
        // another desk on the store started the chain first: read theirs
        if (!(err instanceof DirectoryHeadMovedError) || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  // Folds what was appended since the cached head, checking each entry as desk verify would.
  // One fold at a time: two reads racing from the same head would fold the same entry twice, and the second
  // fold would find the chain broken where it is not. A caller arriving during a fold waits for it, then folds
  // what was appended since.
  private async sync(): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = this.fold();
    try {
      await this.syncing;
    } finally {
      this.syncing = undefined;
    }
  }

  private async fold(): Promise<void> {
    if (this.broken) return;
    for (const entry of await this.store.directoryEntries(this.head?.seq ?? 0)) {
      const problem = entryProblem(this.head, this.setting, entry);
      if (problem) {
        this.broken = new DirectoryChainError(entry.seq, problem);
        return;
      }
      this.setting = applyChange(this.setting, entry);
      this.head = entry;
    }
  }

  // The current directory; throws where the chain does not verify, so nothing is decided on a directory
  // that may have been altered outside the desk.
  async current(): Promise<Setting> {
    await this.sync();
    if (this.broken) throw this.broken;
    if (!this.setting) throw new Error('the directory stream was read before it was opened');
    return this.setting;
  }

  entries(): Promise<DirectoryEntry[]> {
    return this.store.directoryEntries();
  }

  async verify(): Promise<DirectoryVerifyResult> {
    return verifyDirectoryChain(await this.store.directoryEntries());
  }

  // Validates the edit against the current directory and appends it; decided again on the new head if
  // another writer appended first, so `before` is always what the edit replaced.
  async edit(actor: Actor, edit: DirectoryEdit, at: string): Promise<AppendResult> {
    if (!mayEditDirectory(actor.role)) {
      const rolesAllowed = rolesThat(mayEditDirectory);
      return {
        status: 'forbidden',
        message: `this needs the role ${rolesAllowed.join(' or ')}`,
        rolesAllowed,
      };
    }
    for (let attempt = 1; ; attempt++) {
      const decided = decideEdit(await this.current(), edit);
      if (decided.status === 'invalid') return decided;
      const entry = chainDirectory(this.head, at, actor.subject, decided.change) as DirectoryEntry &
        DirectoryEdited;
      try {
        await this.store.appendDirectory(entry);
      } catch (err) {
        if (!(err instanceof DirectoryHeadMovedError) || attempt >= ATTEMPTS) throw err;
        continue;
      }
      await this.sync();
      return { status: 'ok', entry };
    }
  }
}

// Every open live case whose setting is not `setting` records SETTING_CHANGED, so an assessment made unsafe
// protects persons in cases opened before it. Training cases keep their scenario's setting. A case other
// desks keep moving on is left `behind` for the next catch-up, never half-carried and never an error for the
// edit that was appended.
export async function catchUpCases(
  setting: Setting,
  caseIds: readonly string[],
  cases: {
    load(id: string): Promise<CaseRow | undefined>;
    record(row: CaseRow, setting: Setting): Promise<CommandResult>;
    // the case's lock (locks.ts), so the case's own commands wait for its catch-up
    locked<T>(id: string, task: () => Promise<T>): Promise<T>;
  },
): Promise<{ changed: number; behind: string[] }> {
  let changed = 0;
  const behind: string[] = [];
  for (const id of caseIds) {
    const outcome = await cases.locked(id, async () => {
      // another writer moved the case on: decide again on its new head
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        const row = await cases.load(id);
        if (!row || row.training || row.status !== 'open') return 'current';
        if (sameDirectoryValue(row.state.context.setting, setting)) return 'current';
        try {
          await cases.record(row, setting);
          return 'changed';
        } catch (err) {
          if (!(err instanceof HeadMovedError)) throw err;
          await backoff(attempt);
        }
      }
      return 'behind';
    });
    if (outcome === 'changed') changed++;
    if (outcome === 'behind') behind.push(id);
  }
  return { changed, behind };
}

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
import { chainFromMeta } from '../directory/migrate.ts';
import { mayEditDirectory, rolesThat } from '../policy.ts';
import { type CaseRow, DirectoryHeadMovedError, type Store } from '../store/store.ts';
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

  private constructor(private readonly store: DirectoryStore) {}

  // The chain, started if the store has none: from the legacy meta keys where an older desk left them, or
  // else a seed with `seed`.
  static open(store: DirectoryStore, seed: Setting, at: string): DirectoryStream {
    const stream = new DirectoryStream(store);
    for (let attempt = 1; ; attempt++) {
      stream.sync();
      if (stream.head || stream.broken) return stream;
      const entries = chainFromMeta((key) => store.getMeta(key), seed, at) ?? [
        chainDirectory(undefined, at, SEED_ACTOR, { kind: 'seed', before: null, after: seed }),
      ];
      try {
        store.appendDirectory(...entries);
      } catch (err) {
        // another desk on the store started the chain first: read theirs
        if (!(err instanceof DirectoryHeadMovedError) || attempt >= ATTEMPTS) throw err;
      }
    }
  }

  // Folds what was appended since the cached head, checking each entry as desk verify would.
  private sync(): void {
    if (this.broken) return;
    for (const entry of this.store.directoryEntries(this.head?.seq ?? 0)) {
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
  current(): Setting {
    this.sync();
    if (this.broken) throw this.broken;
    if (!this.setting) throw new Error('the directory stream was read before it was opened');
    return this.setting;
  }

  entries(): DirectoryEntry[] {
    return this.store.directoryEntries();
  }

  verify(): DirectoryVerifyResult {
    return verifyDirectoryChain(this.store.directoryEntries());
  }

  // Validates the edit against the current directory and appends it; decided again on the new head if
  // another writer appended first, so `before` is always what the edit replaced.
  edit(actor: Actor, edit: DirectoryEdit, at: string): AppendResult {
    if (!mayEditDirectory(actor.role)) {
      const rolesAllowed = rolesThat(mayEditDirectory);
      return {
        status: 'forbidden',
        message: `this needs the role ${rolesAllowed.join(' or ')}`,
        rolesAllowed,
      };
    }
    for (let attempt = 1; ; attempt++) {
      const decided = decideEdit(this.current(), edit);
      if (decided.status === 'invalid') return decided;
      const entry = chainDirectory(this.head, at, actor.subject, decided.change) as DirectoryEntry &
        DirectoryEdited;
      try {
        this.store.appendDirectory(entry);
      } catch (err) {
        if (!(err instanceof DirectoryHeadMovedError) || attempt >= ATTEMPTS) throw err;
        continue;
      }
      this.sync();
      return { status: 'ok', entry };
    }
  }
}

// Every open live case whose setting is not `setting` records SETTING_CHANGED, so an assessment made unsafe
// protects persons in cases opened before it. Training cases keep their scenario's setting.
export function catchUpCases(
  setting: Setting,
  caseIds: readonly string[],
  cases: {
    load(id: string): CaseRow | undefined;
    record(row: CaseRow, setting: Setting): CommandResult;
  },
): number {
  let changed = 0;
  for (const id of caseIds) {
    // a conflict means another writer moved the case on: decide again on its new head
    for (let attempt = 1; attempt <= 3; attempt++) {
      const row = cases.load(id);
      if (!row || row.training || row.status !== 'open') break;
      if (sameDirectoryValue(row.state.context.setting, setting)) break;
      if (cases.record(row, setting).status === 'version-conflict') continue;
      changed++;
      break;
    }
  }
  return changed;
}

// What a case row stores, and no more. A case's setting (the directory's State profiles and country
// assessments as the case follows them) is most of its snapshot, and the same for every event until the
// directory changes: a row stores it once, by the SHA-256 of its canonical JSON, in the store's meta
// (`setting:<hash>`), and refers to it. Its view is derived from its state, so the row stores none: the
// entry that made it keeps it for the stream's replay. The log keeps every setting whole (CASE_OPENED,
// SETTING_CHANGED), so a rebuild needs none of this.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CaseView, Engine } from '../../machines/engine.ts';
import type { Setting } from '../../machines/schemas.ts';
import type { CaseRow, Commit, Store } from '../store/store.ts';

// what a stored snapshot holds in the setting's place
interface SettingRef {
  $setting: string;
}

const isRef = (s: unknown): s is SettingRef =>
  typeof s === 'object' && s !== null && typeof (s as SettingRef).$setting === 'string';

export class StoredRows {
  // by object: evolve shares a setting between the contexts of successive events, so it is hashed once
  private readonly hashes = new WeakMap<object, string>();
  private readonly byHash = new Map<string, Setting>();
  // hashes written to this store (or read from it)
  private readonly written = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
  ) {}

  private hashOf(setting: Setting): string {
    let hash = this.hashes.get(setting);
    if (!hash) {
      hash = createHash('sha256')
        .update(canonicalize(setting) ?? '')
        .digest('hex');
      this.hashes.set(setting, hash);
      this.byHash.set(hash, setting);
    }
    return hash;
  }

  // The commit as the store keeps it: the setting written first (once per hash; an unused one left by a
  // commit that failed is harmless), the case row referring to it, with no view.
  async stored(c: Commit): Promise<Commit> {
    const setting = c.caseRow.state.context.setting;
    if (isRef(setting)) return c;
    const hash = this.hashOf(setting);
    if (!this.written.has(hash)) {
      await this.store.initMeta(`setting:${hash}`, JSON.stringify(setting));
      this.written.add(hash);
    }
    return { ...c, caseRow: this.withRef(c.caseRow, hash) };
  }

  // The same, where it must be decided at once (a shared store's second chance, store.ts commitOnHead):
  // undefined when the setting is not in the store yet.
  storedNow(c: Commit): Commit | undefined {
    const setting = c.caseRow.state.context.setting;
    if (isRef(setting)) return c;
    const hash = this.hashOf(setting);
    return this.written.has(hash) ? { ...c, caseRow: this.withRef(c.caseRow, hash) } : undefined;
  }

  // A row from the store with its setting in place (rows from before this keep theirs whole).
  async loaded(row: CaseRow): Promise<CaseRow> {
    const ref = row.state.context.setting as unknown;
    if (!isRef(ref)) return row;
    let setting = this.byHash.get(ref.$setting);
    if (!setting) {
      const text = await this.store.getMeta(`setting:${ref.$setting}`);
      if (text === undefined)
        throw new Error(`case ${row.id} refers to setting ${ref.$setting}, not in the store`);
      setting = JSON.parse(text) as Setting;
      this.byHash.set(ref.$setting, setting);
      this.hashes.set(setting, ref.$setting);
    }
    this.written.add(ref.$setting);
    return this.withSetting(row, setting);
  }

  // the same, at once, from what this process holds (undefined otherwise)
  loadedNow(row: CaseRow): CaseRow | undefined {
    const ref = row.state.context.setting as unknown;
    if (!isRef(ref)) return row;
    const setting = this.byHash.get(ref.$setting);
    return setting ? this.withSetting(row, setting) : undefined;
  }

  // the row as stored: its setting by reference, no view
  private withRef(row: CaseRow, hash: string): CaseRow {
    const context = { ...row.state.context, setting: { $setting: hash } as unknown as Setting };
    return { ...row, state: { ...row.state, context }, view: null as unknown as CaseView };
  }

  private withSetting(row: CaseRow, setting: Setting): CaseRow {
    return { ...row, state: { ...row.state, context: { ...row.state.context, setting } } };
  }

  // A row with its view: a row from before this kept it; one written since has none and gets it from its
  // state (which must be of this machine version: another is rebuilt from the log first, snapshots.ts).
  withView(row: CaseRow): CaseRow {
    return row.view ? row : { ...row, view: this.engine.view(row.state, row.version) };
  }
}

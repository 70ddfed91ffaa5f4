// A witness outside DESK_DATA: the signed checkpoint heads exported (`desk checkpoints export`), kept
// elsewhere (another machine, the flag State, paper), and held against the store (`desk verify --witness`).
// Whoever can write DESK_DATA can rewrite a chain and, with the key beside it, sign it again; the witness
// still names the head each case had, so a rewritten or shortened log is caught against it.
import { type Checkpoint, verifyCheckpoint } from '../audit/chain.ts';
import type { CaseRuntime } from '../runtime/case-runtime.ts';

// One JSON line per case: its latest signed checkpoint.
export async function exportCheckpoints(runtime: CaseRuntime): Promise<string> {
  const lines: string[] = [];
  for (const id of await runtime.caseIds()) {
    const k = await runtime.store.latestCheckpoint(id);
    if (k)
      lines.push(
        JSON.stringify({ caseId: k.caseId, seq: k.seq, head: k.head, at: k.at, signature: k.signature }),
      );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export interface WitnessFinding {
  caseId: string;
  seq: number;
  problem: string;
}

// Each witnessed head against the log as the store holds it now; [] when every one is there.
export async function checkWitness(runtime: CaseRuntime, text: string): Promise<WitnessFinding[]> {
  const found: WitnessFinding[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (const [i, line] of lines.entries()) {
    let k: Checkpoint;
    try {
      k = JSON.parse(line) as Checkpoint;
    } catch {
      found.push({ caseId: '?', seq: 0, problem: `line ${i + 1} of the witness is not JSON` });
      continue;
    }
    if (!verifyCheckpoint(k, runtime.auditPublicKey)) {
      found.push({
        caseId: k.caseId,
        seq: k.seq,
        problem: "the witness's checkpoint is not signed by this desk's audit key (was the key replaced?)",
      });
      continue;
    }
    const entries = await runtime.store.entries(k.caseId, k.seq - 1);
    const at = entries.find((e) => e.entry.seq === k.seq);
    if (!at)
      found.push({
        caseId: k.caseId,
        seq: k.seq,
        problem: `the log no longer reaches seq ${k.seq}, which the witness saw (truncated or deleted)`,
      });
    else if (at.entry.hash !== k.head)
      found.push({
        caseId: k.caseId,
        seq: k.seq,
        problem: 'the entry differs from the head the witness saw (the log was rewritten)',
      });
  }
  return found;
}

// A child desk is killed with SIGKILL at random moments; after each restart nothing acknowledged is lost,
// every chain verifies, and no deadline is lost or fired twice.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/runtime/case-runtime.ts';
import { authority, tempDir } from './fixtures.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

// Killed as soon as the child has acknowledged `killAfterAcks` commands: a moment in the middle of its work
// (it never waits for the parent), and one that does not depend on how fast a loaded machine runs it.
function runAndKill(dir: string, t0: number, seed: number, killAfterAcks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, DESK_DATA: dir, CRASH_T0: String(t0), CRASH_SEED: String(seed) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acks: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('ack ')) continue;
        acks.push(line);
        if (acks.length === killAfterAcks) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(acks));
  });
}

describe('crash safety (SIGKILL under load)', () => {
  it('loses nothing acknowledged, keeps every chain valid and fires each deadline once, over 20 kills', async () => {
    const dir = tempDir();
    const t0 = Date.now();
    const acks: string[] = [];
    let seed = 20261124;
    for (let i = 0; i < 20; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      acks.push(...(await runAndKill(dir, t0, seed || 1, 11 + (seed % 20))));
    }
    // Verification runs on a stopped clock: at 3,600x, deadlines would keep falling due while it checks.
    const stopped = new Date(Date.parse('2026-06-01T00:00:00Z') + (Date.now() - t0) * 3600);
    const clock = { now: () => stopped };
    const rt = await openRuntime({
      dataDir: dir,
      clock,
      setting: { states: { TG: { protocolParty: true, replyWithinHours: 2 } }, countryAssessments: {} },
    });
    try {
      await rt.processDueDeadlines();
      expect(acks.length).toBeGreaterThan(200);
      for (const ack of acks) {
        const [, caseId, seq, type] = ack.split(' ');
        const entry = (await rt.audit(caseId!, authority))?.[Number(seq) - 1];
        expect(entry?.type, ack).toBe(type);
      }
      let deadlinesFired = 0;
      for (const id of await rt.caseIds()) {
        expect(await rt.verify(id), id).toMatchObject({ valid: true });
        const fired = (await rt.audit(id, authority))!
          .filter((e) => e.type === 'DEADLINE_PASSED' && e.outcome === 'applied')
          .map((e) => e.event.deadlineId);
        expect(new Set(fired).size, `deadlines fired twice in ${id}`).toBe(fired.length);
        deadlinesFired += fired.length;
        // None lost: nothing due is left unfired.
        const pending = (await rt.getView(id, authority))!.deadlines;
        expect(pending.filter((d) => d.dueAt <= clock.now().toISOString())).toEqual([]);
      }
      expect(deadlinesFired).toBeGreaterThan(0);
      console.log(
        `crash test: 20 SIGKILLs, ${acks.length} acknowledged commands, ${(await rt.caseIds()).length} cases, ${deadlinesFired} deadlines fired once each`,
      );
    } finally {
      await rt.stop();
    }
  }, 180_000);
});

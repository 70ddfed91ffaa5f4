import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../machines/case-machine.ts';
import { mermaid } from '../../machines/diagram.ts';

describe('the statechart diagram a legal adviser reads', () => {
  it('in machines/README.md is the one the desk runs (npm run machine:diagram)', () => {
    const readme = readFileSync(new URL('../../machines/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(mermaid());
  });

  it('names every region and phase, and every flow arrow joins two phases of its region', () => {
    const chart = mermaid();
    for (const [name, region] of Object.entries(REGIONS)) {
      for (const phase of Object.keys(region.phases)) expect(chart).toContain(`${name}_${phase} :`);
      for (const [from, to] of region.flow) {
        expect(Object.keys(region.phases)).toContain(from);
        expect(Object.keys(region.phases)).toContain(to);
      }
    }
  });
});

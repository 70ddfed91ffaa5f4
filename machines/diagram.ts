// Writes the statechart's structure as Mermaid into machines/README.md, between the markers, so a legal
// adviser reads the same chart the desk runs. `npm run machine:diagram`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGIONS } from './case-machine.ts';

export function mermaid(): string {
  const lines = [
    'stateDiagram-v2',
    '  direction LR',
    '  state "Interception case (all regions at once)" as case {',
  ];
  const regions = Object.entries(REGIONS);
  regions.forEach(([name, region], i) => {
    lines.push(`    state "${region.description}" as ${name} {`);
    const keys = Object.keys(region.phases);
    lines.push(`      [*] --> ${name}_${keys[0]}`);
    for (const [key, description] of Object.entries(region.phases)) {
      lines.push(`      ${name}_${key} : ${key}: ${description.replaceAll(':', ' -')}`);
    }
    for (const [from, to] of region.flow) lines.push(`      ${name}_${from} --> ${name}_${to}`);
    lines.push('    }');
    if (i < regions.length - 1) lines.push('    --');
  });
  lines.push('  }');
  return lines.join('\n');
}

const BEGIN = '<!-- diagram:begin (npm run machine:diagram) -->';
const END = '<!-- diagram:end -->';

export function writeDiagram(readme: string): string {
  const text = readFileSync(readme, 'utf8');
  const block = `${BEGIN}\n\`\`\`mermaid\n${mermaid()}\n\`\`\`\n${END}`;
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + block + text.slice(end + END.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(readme, next);
  return next;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = join(dirname(fileURLToPath(import.meta.url)), 'README.md');
  writeDiagram(readme);
  console.log(`wrote the statechart diagram into ${readme}`);
}

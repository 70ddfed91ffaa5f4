// `desk verify --bundle FILE`: an exported case (GET /cases/:id/export) checked with nothing but the file:
// no DESK_DATA, no store, no configuration. Exit 0 when every entry is as signed, 1 naming the first that is
// not (its seq and the problem) or what else is wrong with the file.
import { readFileSync } from 'node:fs';
import { verifyBundle } from '../audit/bundle.ts';

export function verifyBundleFile(
  file: string,
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    err(`desk: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const r = verifyBundle(text);
  if (!r.valid) {
    out(`BROKEN  ${r.caseId ?? file}  ${r.problem}`);
    const at = r.firstBad ? `first bad entry is seq ${r.firstBad.seq}: ${r.firstBad.problem}` : r.problem;
    err(`desk: the bundle does not verify: ${at}`);
    return 1;
  }
  out(`ok      ${r.caseId}  ${r.entries} entries  head ${r.head}`);
  out(
    `signed  seq ${r.entries} at ${r.signedAt}  key ${r.key} (RFC 7638 thumbprint: compare it with the desk's)`,
  );
  return 0;
}

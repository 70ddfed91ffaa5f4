import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild, redactUrl } from '../../src/log.ts';

function capture(level = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level, pretty: false, destination }) };
}

describe('logger', () => {
  it('writes JSON and redacts credentials and data about persons', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJ.secret.sig' } },
        token: 'eyJ.secret.sig',
        opening: { personsOnBoard: 60, vessel: { name: 'Sea Star' } },
        view: { persons: { onBoard: 60 } },
        event: {
          type: 'PROTECTION_CLAIMS_RECORDED',
          countriesOfOrigin: ['ER', 'SD'],
          override: { justification: 'child in the water' },
        },
      },
      'probe',
    );
    const line = lines.join('');
    const parsed = JSON.parse(line);
    expect(parsed.msg).toBe('probe');
    for (const secret of ['eyJ.secret.sig', '"ER"', 'child in the water', '"onBoard"'])
      expect(line).not.toContain(secret);
    expect(parsed.opening.personsOnBoard).toBe('[Redacted]');
    expect(parsed.opening.vessel.name).toBe('Sea Star');
    expect(parsed.event.type).toBe('PROTECTION_CLAIMS_RECORDED');
  });

  it('cuts tokens out of request URLs', () => {
    expect(redactUrl('/stream?token=eyJ.a.b&x=1')).toBe('/stream?token=[Redacted]&x=1');
    // spelt as the query parser will still read it
    expect(redactUrl('/stream?tok%65n=eyJ.a.b')).toBe('/stream?tok%65n=[Redacted]');
    expect(redactUrl('/stream?x=1&TOKEN=eyJ.a.b#f')).toBe('/stream?x=1&TOKEN=[Redacted]#f');
    expect(redactUrl('/stream?access_token=eyJ&id_token=eyJ')).toBe(
      '/stream?access_token=[Redacted]&id_token=[Redacted]',
    );
    expect(redactUrl('/stream?t%6fken%zz=eyJ')).toBe('/stream?t%6fken%zz=[Redacted]');
    expect(redactUrl('/cases?status=open')).toBe('/cases?status=open');
    expect(redactUrl('/cases')).toBe('/cases');
    const { lines, logger } = capture();
    logger.info({ req: { method: 'GET', url: '/stream?token=eyJ.a.b', headers: {} } }, 'incoming request');
    expect(lines.join('')).not.toContain('eyJ.a.b');
  });

  it("a request's logger (lazyChild) writes the request's bindings, redacted as the desk's, at the levels the desk writes", () => {
    const { lines, logger } = capture('warn');
    const request = lazyChild(logger, { reqId: 'req-7' });
    request.info({ token: 'eyJ.secret.sig' }, 'below the level');
    expect(lines).toEqual([]);
    request.warn({ token: 'eyJ.secret.sig' }, 'slow store');
    request.child({ caseId: 'c-1' }).error('failed');
    const [warned, failed] = lines.map((l) => JSON.parse(l));
    expect(warned).toMatchObject({ reqId: 'req-7', msg: 'slow store', token: '[Redacted]', level: 40 });
    expect(failed).toMatchObject({ reqId: 'req-7', caseId: 'c-1', msg: 'failed', level: 50 });
    // once made, the child is the one every later line goes through
    request.warn('again');
    expect(JSON.parse(lines[2]!)).toMatchObject({ reqId: 'req-7', msg: 'again' });
  });

  it("a request's logger on a route with a level of its own writes at that level", () => {
    const { lines, logger } = capture('warn');
    lazyChild(logger, { reqId: 'req-8' }, { level: 'debug' }).debug('route detail');
    expect(JSON.parse(lines[0]!)).toMatchObject({ reqId: 'req-8', msg: 'route detail', level: 20 });
  });
});

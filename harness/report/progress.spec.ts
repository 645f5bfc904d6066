import { afterEach, describe, expect, it } from 'vitest';
import { makeProgress } from './progress.js';

const saved = process.env.CI;
afterEach(() => {
  if (saved === undefined) delete process.env.CI;
  else process.env.CI = saved;
});

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

function run(stream: NodeJS.WriteStream): void {
  const p = makeProgress(100, stream);
  for (let i = 1; i <= 100; i++) p.tick(i, 0, 0, i / 2);
  p.end();
}

describe('progress', () => {
  it('animates on a terminal', () => {
    delete process.env.CI;
    const s = fakeStream(true);
    run(s.stream);
    expect(s.text()).toContain('\r[');
  });

  it('CI=true: plain lines, no carriage returns or escape codes, even on a terminal; one line per 10%', () => {
    process.env.CI = 'true';
    const s = fakeStream(true);
    run(s.stream);
    expect(s.text().includes('\r') || s.text().includes('\u001b')).toBe(false);
    expect(s.text().trim().split('\n')).toHaveLength(11);
  });

  it('CI=false still animates on a terminal', () => {
    process.env.CI = 'false';
    const s = fakeStream(true);
    run(s.stream);
    expect(s.text()).toContain('\r[');
  });

  it('not a terminal: plain lines', () => {
    delete process.env.CI;
    const s = fakeStream(false);
    run(s.stream);
    expect(s.text().includes('\r') || s.text().includes('\u001b')).toBe(false);
  });
});

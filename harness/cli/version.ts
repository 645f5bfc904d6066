// `rnn-conformance --version`: the package's version and, when a Python with torch is reachable (the one
// `check` would use), torch's version and build from the sidecar's handshake.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../sidecar/paths.js';
import { Sidecar } from '../sidecar/index.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

export async function version(): Promise<string> {
  const lines = [`rnn-conformance ${packageVersion()}`];
  try {
    const torch = await Sidecar.start({ startTimeoutMs: 60_000 });
    try {
      const h = torch.hello;
      lines.push(`torch ${h.torch} (${h.cpuCapability}), python ${h.python} at ${torch.python}`);
    } finally {
      await torch.close();
    }
  } catch (err) {
    lines.push(`torch: not reachable (${(err as Error).message})`);
  }
  return lines.join('\n');
}

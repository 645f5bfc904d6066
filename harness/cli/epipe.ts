// `rnn-conformance check … | head -3`: when the reader goes away, stop quietly, as a Unix tool killed by
// SIGPIPE does (exit 141 = 128 + SIGPIPE), never with a stack trace or exit 1 ("divergence"). The torch
// sidecars read their requests from our pipes and exit at end of input: no orphans are left.
export const EXIT_BROKEN_PIPE = 141;

let installed = false;

export function quietOnBrokenPipe(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
      throw err;
    });
  }
}

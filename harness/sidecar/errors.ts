// Why the torch reference could not be had. Both are environment faults (CLI exit 3), never a
// divergence: a dead sidecar is not "1 failure".

/** No reference at all: Python or torch missing, or the sidecar died before its handshake. */
export class ReferenceUnavailableError extends Error {
  override readonly name = 'ReferenceUnavailableError';
}

/** A sidecar that was working died, hung, or wrote something that is not a frame, mid-request.
 * `notRun`: these cases were queued behind the request that failed (pipelined) and never reached
 * torch: the fault is not theirs. */
export class SidecarCrashedError extends Error {
  override readonly name = 'SidecarCrashedError';
  constructor(
    message: string,
    readonly caseIds: readonly string[],
    readonly stderrTail: string,
    readonly notRun = false,
  ) {
    super(message);
  }
}

/** A restarted sidecar reports another torch than the pool started with: results must not mix. */
export class TorchVersionMismatchError extends ReferenceUnavailableError {}

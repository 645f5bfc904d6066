// What the sidecar says about itself at start-up (the case, its wire form and torch's answers are
// ../case/: RefCase in wire.ts, RefResult, Oracle and InitResult in result.ts).
export interface Handshake {
  protocol: number;
  torch: string;
  gitVersion: string;
  /** torch.__config__.show(), one line per entry, without the long "Build settings" line. */
  build: string[];
  cpuCapability: string;
  /** Training-mode dropout masks (`1` kept) of `torch.manual_seed(seed); F.dropout(ones(n), p, True)`. */
  dropoutProbe?: { seed: number; p: number; n: number; masks: Record<string, string> };
  numThreads: number;
  numInteropThreads: number;
  cpuModel: string;
  python: string;
  platform: string;
  pid: number;
}

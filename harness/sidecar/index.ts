// The torch reference: a persistent Python sidecar, its wire protocol, and a pool of them.
export { Sidecar, type SidecarOptions } from './client.js';
export { ReferenceUnavailableError, SidecarCrashedError, TorchVersionMismatchError } from './errors.js';
export type { Handshake, InitResult, Oracle, RefCase, RefResult, RefusalStage } from './types.js';
export { SidecarPool, type PoolOptions } from './pool.js';
export type { LayerSequence, LayersResult } from './layers.js';

// The torch reference: a persistent Python sidecar, its wire protocol, and a pool of them.
export { Sidecar, type SidecarOptions } from './client.js';
export { ReferenceUnavailableError, SidecarCrashedError, TorchVersionMismatchError } from './errors.js';
export type { Handshake } from './types.js';
export type { InitResult, Oracle, RefResult } from '../case/result.js';
export type { RefCase } from '../case/wire.js';
export type { RefusalStage } from '../case/case.js';
export { SidecarPool, type PoolOptions } from './pool.js';
export type { LayerSequence, LayersResult } from './layers.js';

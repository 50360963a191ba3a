/**
 * Messages between the offscreen document and its engine workers (one WASM
 * instance per core). Worker-internal, so not part of the extension protocol
 * in src/messaging: nothing outside the offscreen document can reach them.
 */
import type { ErrorKind, LocalReason } from '../../messaging/protocol';
import type { Band } from '../kernel/bands';
import type { BackendInfo } from './backend';

export type ToEngine =
  | { kind: 'init'; wasmBaseUrl: string; packageBaseUrl: string }
  | { kind: 'run'; id: number; styleId: string; width: number; height: number; data: Uint8ClampedArray }
  /** Decode the picture's bytes at this size, then run (#21: the decode off the document's main thread). */
  /** `frame`: which frame of an animated picture (#27); absent for a still one. */
  | { kind: 'decodeRun'; id: number; styleId: string; width: number; height: number; bytes: Uint8Array; frame?: number }
  | { kind: 'load'; id: number; styleId: string }
  /**
   * Paint one band of a frame split across two workers (engine-pool.ts's runSplit): `data` holds
   * rows band.from–band.to (height of them), `peer` reaches the worker painting the other band.
   */
  | {
      kind: 'runBand';
      id: number;
      styleId: string;
      width: number;
      height: number;
      band: Band;
      halo: number;
      data: Uint8ClampedArray;
      peer: MessagePort;
    };

export interface EngineMemory {
  numTensors: number;
  wasmBytes: number;
}

export type FromEngine =
  | { kind: 'ready'; info: BackendInfo }
  | {
      kind: 'done';
      id: number;
      data: Uint8ClampedArray;
      memory: EngineMemory;
      /** decodeRun only: the decoded picture, and the milliseconds each step took in the worker. */
      original?: Uint8ClampedArray;
      ms?: { decode: number; run: number };
    }
  | { kind: 'failed'; id: number | null; error: string; errorKind: ErrorKind; reason?: LocalReason; memory?: EngineMemory };

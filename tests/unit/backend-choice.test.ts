import { describe, expect, it } from 'vitest';
import { type BackendName, chooseBackend, type GpuProbe } from '../../src/runtime/backend-choice';

const BOTH: BackendName[] = ['webgpu', 'webgl', 'wasm'];
const SHIPPED: BackendName[] = ['webgl', 'wasm'];
const hardwareGl = { renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)', maxTextureSize: 16384 };
const swiftShaderGl = { renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', maxTextureSize: 8192 };
const none: GpuProbe = { webgpu: null, webgl: null };

describe('chooseBackend', () => {
  it('uses WASM when the browser offers no GPU, as in headless test runs', () => {
    expect(chooseBackend(none, BOTH)).toEqual({ backend: 'wasm', reason: 'no GPU offered by the browser' });
  });

  it('treats SwiftShader, llvmpipe and WebGPU fallback adapters as no GPU', () => {
    expect(chooseBackend({ webgpu: null, webgl: swiftShaderGl }, BOTH).backend).toBe('wasm');
    expect(
      chooseBackend({ webgpu: null, webgl: { renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)', maxTextureSize: 8192 } }, BOTH).backend,
    ).toBe('wasm');
    expect(chooseBackend({ webgpu: { isFallbackAdapter: true, description: 'SwiftShader' }, webgl: null }, BOTH).backend).toBe('wasm');
  });

  it('prefers WebGPU on a hardware adapter when that backend ships, else WebGL', () => {
    const probe: GpuProbe = { webgpu: { isFallbackAdapter: false, description: 'Apple M2' }, webgl: hardwareGl };
    expect(chooseBackend(probe, BOTH).backend).toBe('webgpu');
    expect(chooseBackend(probe, SHIPPED)).toMatchObject({ backend: 'webgl', reason: expect.stringContaining('NVIDIA') });
  });

  it('falls back to WebGL when the WebGPU adapter is software, and to WASM on tiny texture limits', () => {
    expect(chooseBackend({ webgpu: { isFallbackAdapter: false, description: 'llvmpipe' }, webgl: hardwareGl }, BOTH).backend).toBe('webgl');
    expect(chooseBackend({ webgpu: null, webgl: { ...hardwareGl, maxTextureSize: 2048 } }, BOTH).reason).toMatch(/2048/);
  });

  it('honours the user switching GPU use off', () => {
    expect(chooseBackend({ webgpu: null, webgl: hardwareGl }, SHIPPED, false)).toEqual({
      backend: 'wasm',
      reason: 'GPU use is switched off',
    });
  });
});

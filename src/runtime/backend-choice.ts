/**
 * Which TF.js backend the offscreen document should run on. Pure and TF.js-free
 * so that the rule is unit-tested; the probe that feeds it lives in
 * browser/backend.ts.
 *
 * A GPU only pays when it is real hardware: under SwiftShader (headless, or a
 * blocklisted driver) the same network took 43 s on WebGL against ~0.8 s on
 * WASM here, so software renderers and WebGPU fallback adapters count as "no GPU".
 */
export type BackendName = 'webgpu' | 'webgl' | 'wasm';

export interface GpuProbe {
  /** navigator.gpu.requestAdapter(), or null when WebGPU is absent or refused. */
  webgpu: { isFallbackAdapter: boolean; description: string } | null;
  /** A WebGL2 context's unmasked renderer, or null when WebGL2 is unavailable. */
  webgl: { renderer: string; maxTextureSize: number } | null;
}

export interface BackendChoice {
  backend: BackendName;
  reason: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|subzero/i;
/** A 1024² picture is processed whole; smaller texture limits mean old or mobile GPUs that lose to WASM anyway. */
const MIN_TEXTURE_SIZE = 4096;

export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERER.test(name);
}

export function chooseBackend(probe: GpuProbe, available: readonly BackendName[], allowGpu = true): BackendChoice {
  if (!allowGpu) return { backend: 'wasm', reason: 'GPU use is switched off' };
  const { webgpu, webgl } = probe;
  if (available.includes('webgpu') && webgpu) {
    if (!webgpu.isFallbackAdapter && !isSoftwareRenderer(webgpu.description))
      return { backend: 'webgpu', reason: `WebGPU adapter ${webgpu.description || '(unnamed)'}` };
  }
  if (available.includes('webgl') && webgl) {
    if (isSoftwareRenderer(webgl.renderer)) return { backend: 'wasm', reason: `WebGL renders in software (${webgl.renderer})` };
    if (webgl.maxTextureSize < MIN_TEXTURE_SIZE)
      return { backend: 'wasm', reason: `WebGL texture limit ${webgl.maxTextureSize} is below ${MIN_TEXTURE_SIZE}` };
    return { backend: 'webgl', reason: `WebGL on ${webgl.renderer}` };
  }
  return { backend: 'wasm', reason: webgpu || webgl ? 'no hardware GPU backend available' : 'no GPU offered by the browser' };
}

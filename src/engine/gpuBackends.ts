/**
 * WebGPU for the browser worker: whether an adapter is granted, and the tfjs backend loaded only
 * where one is (its code is not fetched on browsers without WebGPU).
 */
import type { BackendCapabilities } from './backendChoice';

/** The part of the WebGPU API used here (TypeScript's DOM library does not describe it yet). */
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  info?: GpuAdapterInfo;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<GpuAdapterInfo>;
}
interface NavigatorWithGpu {
  gpu?: { requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapter | null> };
}

function gpuOf(scope: unknown): NavigatorWithGpu['gpu'] {
  return (scope as { navigator?: NavigatorWithGpu }).navigator?.gpu;
}

/** Names a software adapter (SwiftShader's Vulkan, a "fallback adapter"): no real GPU behind it. */
function isSoftwareAdapter(adapter: GpuAdapter, info: GpuAdapterInfo): boolean {
  if (adapter.isFallbackAdapter === true || info.isFallbackAdapter === true) return true;
  return /swiftshader|llvmpipe|software|cpu/i.test(`${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`);
}

/** Asks for a WebGPU adapter (as tfjs will: high performance) and describes it. Never throws. */
export async function probeWebGPU(scope: unknown = globalThis): Promise<BackendCapabilities['webgpu']> {
  const gpu = gpuOf(scope);
  if (gpu === undefined) return { available: false, error: 'WebGPU is not available in this browser' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) return { available: false, error: 'no WebGPU adapter was granted' };
    const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const name = [info.vendor, info.architecture, info.description].filter((part) => part).join(' ') || 'WebGPU adapter';
    return { available: true, adapter: name, software: isSoftwareAdapter(adapter, info) };
  } catch (error) {
    return { available: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Loads @tensorflow/tfjs-backend-webgpu, which registers the 'webgpu' backend; false without WebGPU. */
export async function loadWebGPUBackend(scope: unknown = globalThis): Promise<boolean> {
  if (gpuOf(scope) === undefined) return false;
  await import('@tensorflow/tfjs-backend-webgpu');
  return true;
}

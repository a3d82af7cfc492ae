import type { backendEn } from './backend.en';

/** Japanese texts of the backend choice, spread into ja.ts (same keys as backend.en.ts). */
export const backendJa: { readonly [K in keyof typeof backendEn]: string } = {
  'training.backendOption.webgpu': 'WebGPU（GPU）',
  'backend.label.webgpu': 'WebGPU',
  'backend.label.webgl': 'WebGL',
  'backend.label.wasm': 'WASM',
  'backend.label.wasmSimd': 'WASM（SIMD）',
  'backend.label.wasmThreads': 'WASM（SIMD・{threads} スレッド）',
  'backend.label.cpu': 'CPU',
  'backend.why.timed': '数ステップの試し学習で、このモデルに最も速かったもの（{figures}）',
  'backend.why.remembered': 'この端末で以前に測った、同じ規模のモデルで最も速いもの（{figures}）',
  'backend.why.noWorkerWebgl': 'このブラウザーでは、Kairo が学習を行うバックグラウンドのワーカーで WebGL を使えません',
  'backend.why.webgpuFailed': 'WebGPU を起動できませんでした',
  'backend.threads.threads': 'CPU の {threads} コアをすべて使用',
  'backend.threads.chosen': '指定どおり {threads} スレッドで計算',
  'backend.threads.notIsolated':
    '1 スレッドのみ：ページがクロスオリジン分離されていないため、ブラウザーがスレッド間のメモリ共有を許可していません',
  'backend.threads.noSharedMemory': '1 スレッドのみ：このブラウザーはスレッド間でメモリを共有できません',
  'backend.threads.oneCore': '1 スレッド：この端末の CPU コアは 1 つです',
  'backend.threads.failed': '1 スレッドのみ：マルチスレッドのエンジンを起動できませんでした',
  'backend.threads.modelTimed': '{available} スレッドのうち {threads} スレッドで計算：短い試し学習で、このモデルに最も速かった数（{figures}）',
  'backend.threads.modelRemembered':
    '{available} スレッドのうち {threads} スレッドで計算：この端末で以前に測った、同じ規模のモデルで最も速い数（{figures}）',
  'backend.threads.timing': '{threads} スレッド 1 ステップ {ms} ms',
  'backend.threads.timingOne': '1 スレッド 1 ステップ {ms} ms',
  'backend.threads.timingFailed': '{threads} スレッドは失敗',
  'backend.threads.timingFailedOne': '1 スレッドは失敗',
  'backend.timing.ms': '{backend} 1 ステップ {ms} ms',
  'backend.timing.failed': '{backend} は失敗',
};

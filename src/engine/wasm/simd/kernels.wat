;; Kairo's own SIMD kernels for the WASM backend. They run on the backend's own memory (imported
;; as env.memory; the build script writes one variant with a shared memory for the threaded
;; build and one without), one thread, four float32 lanes at a time. Every pointer is a byte
;; address in that memory; every count is in elements. Source of src/engine/wasm/simd/binary.ts:
;; regenerate it with `npx tsx scripts/build-simd-kernels.ts` after an edit here.
(module
  (import "env" "memory" (memory MEMORY_LIMITS))

  ;; Gradient of 2×2 max pooling with stride 2 and no padding, NHWC, channels a multiple of 4.
  ;; Each window's gradient goes to its first maximum in row-major order (ties are common after
  ;; ReLU); a window with no value above −∞ (NaN or −∞ only) passes nothing on. Writes every
  ;; element of the 2·outHeight × 2·outWidth part of dx; rows or columns past it are left alone.
  (func (export "maxPool2x2Grad")
    (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32)
    (param $inHeight i32) (param $inWidth i32) (param $channels i32)
    (param $outHeight i32) (param $outWidth i32)
    (local $pixelBytes i32) (local $rowBytes i32) (local $b i32) (local $row i32) (local $col i32)
    (local $p0 i32) (local $g i32) (local $k i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $best v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $grad v128) (local $none v128) (local $lowest v128)
    (local.set $pixelBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inWidth) (local.get $pixelBytes)))
    (local.set $lowest (f32x4.splat (f32.const -inf)))
    (local.set $g (local.get $dy))
    (local.set $b (i32.const 0))
    (block $batches_done
      (loop $batches
        (br_if $batches_done (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $row (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $row) (local.get $outHeight)))
            (local.set $col (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $col) (local.get $outWidth)))
                ;; Byte offset of the window's top-left element, relative to x and dx.
                (local.set $p0
                  (i32.mul
                    (i32.add
                      (i32.mul
                        (i32.add
                          (i32.mul (local.get $b) (local.get $inHeight))
                          (i32.shl (local.get $row) (i32.const 1)))
                        (local.get $inWidth))
                      (i32.shl (local.get $col) (i32.const 1)))
                    (local.get $pixelBytes)))
                (local.set $k (i32.const 0))
                (block $lanes_done
                  (loop $lanes
                    (br_if $lanes_done (i32.ge_u (local.get $k) (local.get $pixelBytes)))
                    (local.set $v0 (v128.load (i32.add (local.get $x) (i32.add (local.get $p0) (local.get $k)))))
                    (local.set $v1 (v128.load (i32.add (local.get $x) (i32.add (i32.add (local.get $p0) (local.get $pixelBytes)) (local.get $k)))))
                    (local.set $v2 (v128.load (i32.add (local.get $x) (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $k)))))
                    (local.set $v3 (v128.load (i32.add (local.get $x)
                      (i32.add (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $pixelBytes)) (local.get $k)))))
                    ;; Running maximum in window order; a later value wins only when strictly greater.
                    (local.set $c0 (f32x4.gt (local.get $v0) (local.get $lowest)))
                    (local.set $best (v128.bitselect (local.get $v0) (local.get $lowest) (local.get $c0)))
                    (local.set $c1 (f32x4.gt (local.get $v1) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v1) (local.get $best) (local.get $c1)))
                    (local.set $c2 (f32x4.gt (local.get $v2) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v2) (local.get $best) (local.get $c2)))
                    (local.set $c3 (f32x4.gt (local.get $v3) (local.get $best)))
                    (local.set $grad (v128.load (i32.add (local.get $g) (local.get $k))))
                    ;; Element i wins when it raised the maximum and no later one did.
                    (v128.store (i32.add (local.get $dx) (i32.add (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $pixelBytes)) (local.get $k)))
                      (v128.and (local.get $grad) (local.get $c3)))
                    (local.set $none (v128.not (local.get $c3)))
                    (v128.store (i32.add (local.get $dx) (i32.add (i32.add (local.get $p0) (local.get $rowBytes)) (local.get $k)))
                      (v128.and (local.get $grad) (v128.and (local.get $c2) (local.get $none))))
                    (local.set $none (v128.andnot (local.get $none) (local.get $c2)))
                    (v128.store (i32.add (local.get $dx) (i32.add (i32.add (local.get $p0) (local.get $pixelBytes)) (local.get $k)))
                      (v128.and (local.get $grad) (v128.and (local.get $c1) (local.get $none))))
                    (local.set $none (v128.andnot (local.get $none) (local.get $c1)))
                    (v128.store (i32.add (local.get $dx) (i32.add (local.get $p0) (local.get $k)))
                      (v128.and (local.get $grad) (v128.and (local.get $c0) (local.get $none))))
                    (local.set $k (i32.add (local.get $k) (i32.const 16)))
                    (br $lanes)))
                (local.set $g (i32.add (local.get $g) (local.get $pixelBytes)))
                (local.set $col (i32.add (local.get $col) (i32.const 1)))
                (br $cols)))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $rows)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $batches)))
  )
)

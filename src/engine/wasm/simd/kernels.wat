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

  ;; The filter gradient's "wide" column matrix (see writeWideColumns in conv2dBackpropFilter.ts,
  ;; which this does the same as): for each tap (i, j), input channel c and image n of the chunk, a
  ;; run of outHeight × width numbers of the padded input [C, batch, height, width] starting at row
  ;; i, column j, cut at srcEnd (zeros past it), with the width − outWidth numbers at the end of
  ;; each of its rows set to zero. Runs follow each other from dst.
  (func (export "wideColumns")
    (param $src i32) (param $srcEnd i32) (param $dst i32) (param $first i32) (param $images i32)
    (param $batch i32) (param $height i32) (param $width i32) (param $channels i32)
    (param $outHeight i32) (param $outWidth i32) (param $kh i32) (param $kw i32)
    (local $i i32) (local $j i32) (local $c i32) (local $n i32) (local $from i32) (local $length i32)
    (local $runBytes i32) (local $imageBytes i32) (local $rowBytes i32) (local $k i32) (local $rowStart i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $runBytes (i32.mul (local.get $outHeight) (local.get $rowBytes)))
    (local.set $imageBytes (i32.mul (local.get $height) (local.get $rowBytes)))
    (local.set $i (i32.const 0))
    (block $taps_i_done (loop $taps_i
      (br_if $taps_i_done (i32.ge_u (local.get $i) (local.get $kh)))
      (local.set $j (i32.const 0))
      (block $taps_j_done (loop $taps_j
        (br_if $taps_j_done (i32.ge_u (local.get $j) (local.get $kw)))
        (local.set $c (i32.const 0))
        (block $channels_done (loop $channels_loop
          (br_if $channels_done (i32.ge_u (local.get $c) (local.get $channels)))
          (local.set $n (local.get $first))
          (block $images_done (loop $images_loop
            (br_if $images_done (i32.ge_u (local.get $n) (i32.add (local.get $first) (local.get $images))))
            (local.set $from
              (i32.add (local.get $src)
                (i32.add
                  (i32.mul (i32.add (i32.mul (local.get $c) (local.get $batch)) (local.get $n)) (local.get $imageBytes))
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $width)) (local.get $j)) (i32.const 2)))))
            ;; Bytes of the run that lie before srcEnd.
            (local.set $length (i32.sub (local.get $srcEnd) (local.get $from)))
            (if (i32.gt_s (local.get $length) (local.get $runBytes)) (then (local.set $length (local.get $runBytes))))
            (if (i32.lt_s (local.get $length) (i32.const 0)) (then (local.set $length (i32.const 0))))
            (local.set $k (i32.const 0))
            (block $copy16_done (loop $copy16
              (br_if $copy16_done (i32.gt_s (i32.add (local.get $k) (i32.const 16)) (local.get $length)))
              (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.load (i32.add (local.get $from) (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $copy16)))
            (block $copy4_done (loop $copy4
              (br_if $copy4_done (i32.ge_s (local.get $k) (local.get $length)))
              (f32.store (i32.add (local.get $dst) (local.get $k)) (f32.load (i32.add (local.get $from) (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $copy4)))
            (block $zero_done (loop $zero
              (br_if $zero_done (i32.ge_s (local.get $k) (local.get $runBytes)))
              (f32.store (i32.add (local.get $dst) (local.get $k)) (f32.const 0))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $zero)))
            ;; Zeros where no window starts: the last width − outWidth numbers of each row.
            (local.set $rowStart (local.get $dst))
            (block $rows_done (loop $rows
              (br_if $rows_done (i32.ge_u (local.get $rowStart) (i32.add (local.get $dst) (local.get $runBytes))))
              (local.set $k (i32.add (local.get $rowStart) (i32.shl (local.get $outWidth) (i32.const 2))))
              (block $tail_done (loop $tail
                (br_if $tail_done (i32.ge_u (local.get $k) (i32.add (local.get $rowStart) (local.get $rowBytes))))
                (f32.store (local.get $k) (f32.const 0))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tail)))
              (local.set $rowStart (i32.add (local.get $rowStart) (local.get $rowBytes)))
              (br $rows)))
            (local.set $dst (i32.add (local.get $dst) (local.get $runBytes)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $images_loop)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $channels_loop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $taps_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $taps_i)))
  )

  ;; One Adadelta step (Keras order; see adadeltaUpdate.ts, whose loop this does the same as, bit for
  ;; bit): from the variable x, its gradient g and the running means ag (of g²) and au (of the
  ;; updates²), writes the new x, ag and au. Computed in double precision, two numbers at a time,
  ;; each result rounded to float32 once.
  (func (export "adadelta")
    (param $x i32) (param $g i32) (param $ag i32) (param $au i32)
    (param $outX i32) (param $outAg i32) (param $outAu i32) (param $size i32)
    (param $learningRate f64) (param $rho f64) (param $epsilon f64)
    (local $k i32) (local $end i32) (local $pairsEnd i32)
    (local $lr2 v128) (local $rho2 v128) (local $keep2 v128) (local $eps2 v128)
    (local $grad v128) (local $mean v128) (local $previous v128) (local $update v128)
    (local $gs f64) (local $ms f64) (local $ps f64) (local $us f64) (local $keep f64)
    (local.set $keep (f64.sub (f64.const 1) (local.get $rho)))
    (local.set $lr2 (f64x2.splat (local.get $learningRate)))
    (local.set $rho2 (f64x2.splat (local.get $rho)))
    (local.set $keep2 (f64x2.splat (local.get $keep)))
    (local.set $eps2 (f64x2.splat (local.get $epsilon)))
    (local.set $end (i32.shl (local.get $size) (i32.const 2)))
    (local.set $pairsEnd (i32.and (local.get $end) (i32.const -8)))
    (local.set $k (i32.const 0))
    (block $pairs_done (loop $pairs
      (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairsEnd)))
      (local.set $grad (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $k)))))
      (local.set $mean
        (f64x2.add
          (f64x2.mul (local.get $rho2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $ag) (local.get $k)))))
          (f64x2.mul (f64x2.mul (local.get $keep2) (local.get $grad)) (local.get $grad))))
      (local.set $previous (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $au) (local.get $k)))))
      (local.set $update
        (f64x2.mul
          (f64x2.div
            (f64x2.sqrt (f64x2.add (local.get $previous) (local.get $eps2)))
            (f64x2.sqrt (f64x2.add (local.get $mean) (local.get $eps2))))
          (local.get $grad)))
      (v128.store64_lane 0 (i32.add (local.get $outAg) (local.get $k)) (f32x4.demote_f64x2_zero (local.get $mean)))
      (v128.store64_lane 0 (i32.add (local.get $outAu) (local.get $k))
        (f32x4.demote_f64x2_zero
          (f64x2.add
            (f64x2.mul (local.get $rho2) (local.get $previous))
            (f64x2.mul (f64x2.mul (local.get $keep2) (local.get $update)) (local.get $update)))))
      (v128.store64_lane 0 (i32.add (local.get $outX) (local.get $k))
        (f32x4.demote_f64x2_zero
          (f64x2.sub
            (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (local.get $k))))
            (f64x2.mul (local.get $lr2) (local.get $update)))))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br $pairs)))
    ;; An odd last number.
    (if (i32.lt_u (local.get $k) (local.get $end))
      (then
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $k)))))
        (local.set $ms
          (f64.add
            (f64.mul (local.get $rho) (f64.promote_f32 (f32.load (i32.add (local.get $ag) (local.get $k)))))
            (f64.mul (f64.mul (local.get $keep) (local.get $gs)) (local.get $gs))))
        (local.set $ps (f64.promote_f32 (f32.load (i32.add (local.get $au) (local.get $k)))))
        (local.set $us
          (f64.mul
            (f64.div (f64.sqrt (f64.add (local.get $ps) (local.get $epsilon))) (f64.sqrt (f64.add (local.get $ms) (local.get $epsilon))))
            (local.get $gs)))
        (f32.store (i32.add (local.get $outAg) (local.get $k)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $outAu) (local.get $k))
          (f32.demote_f64 (f64.add (f64.mul (local.get $rho) (local.get $ps)) (f64.mul (f64.mul (local.get $keep) (local.get $us)) (local.get $us)))))
        (f32.store (i32.add (local.get $outX) (local.get $k))
          (f32.demote_f64
            (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $k)))) (f64.mul (local.get $learningRate) (local.get $us)))))))
  )

  ;; Column sums of a rows × columns float32 matrix in double precision (see columnSum.ts, whose loop
  ;; this does the same as, bit for bit): totals (columns doubles, set to zero by the caller) +=
  ;; ((r0 + r1) + (r2 + r3)) for each group of four rows, then one row at a time; two columns at a time.
  (func (export "columnSums")
    (param $values i32) (param $rows i32) (param $columns i32) (param $totals i32)
    (local $row i32) (local $rowBytes i32) (local $at i32) (local $c i32) (local $pairBytes i32) (local $t i32)
    (local.set $rowBytes (i32.shl (local.get $columns) (i32.const 2)))
    (local.set $pairBytes (i32.and (local.get $rowBytes) (i32.const -8)))
    (local.set $at (local.get $values))
    (local.set $row (i32.const 0))
    (block $fours_done (loop $fours
      (br_if $fours_done (i32.gt_u (i32.add (local.get $row) (i32.const 4)) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $pairs_done (loop $pairs
        (br_if $pairs_done (i32.ge_u (local.get $c) (local.get $pairBytes)))
        (local.set $t (i32.add (local.get $totals) (i32.shl (local.get $c) (i32.const 1))))
        (v128.store (local.get $t)
          (f64x2.add (v128.load (local.get $t))
            (f64x2.add
              (f64x2.add
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $at) (local.get $c))))
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (local.get $rowBytes)) (local.get $c)))))
              (f64x2.add
                (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $c))))
                (f64x2.promote_low_f32x4 (v128.load64_zero
                  (i32.add (i32.add (local.get $at) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $c))))))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $pairs)))
      (if (i32.lt_u (local.get $c) (local.get $rowBytes))
        (then
          (local.set $t (i32.add (local.get $totals) (i32.shl (local.get $c) (i32.const 1))))
          (f64.store (local.get $t)
            (f64.add (f64.load (local.get $t))
              (f64.add
                (f64.add
                  (f64.promote_f32 (f32.load (i32.add (local.get $at) (local.get $c))))
                  (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $at) (local.get $rowBytes)) (local.get $c)))))
                (f64.add
                  (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $c))))
                  (f64.promote_f32 (f32.load (i32.add (i32.add (local.get $at) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $c))))))))))
      (local.set $at (i32.add (local.get $at) (i32.shl (local.get $rowBytes) (i32.const 2))))
      (local.set $row (i32.add (local.get $row) (i32.const 4)))
      (br $fours)))
    (block $rest_done (loop $rest
      (br_if $rest_done (i32.ge_u (local.get $row) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $columns_done (loop $columns_loop
        (br_if $columns_done (i32.ge_u (local.get $c) (local.get $rowBytes)))
        (local.set $t (i32.add (local.get $totals) (i32.shl (local.get $c) (i32.const 1))))
        (f64.store (local.get $t) (f64.add (f64.load (local.get $t)) (f64.promote_f32 (f32.load (i32.add (local.get $at) (local.get $c))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $columns_loop)))
      (local.set $at (i32.add (local.get $at) (local.get $rowBytes)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $rest)))
  )

  ;; One matrix of a transposition (see transposeMatrix in transpose.ts, which this does the same as):
  ;; the four bytes at from + row·rowStride + 4·col go to to + col·colStride + 4·row, for rows × cols
  ;; numbers (strides in bytes). Strips of `tile` columns; within one, blocks of four rows by four
  ;; columns are read as four vectors, transposed by shuffles and written as four.
  (func (export "transposeMatrix")
    (param $from i32) (param $to i32) (param $rows i32) (param $rowStride i32) (param $cols i32) (param $colStride i32) (param $tile i32)
    (local $col0 i32) (local $colEnd i32) (local $row i32) (local $col i32) (local $s0 i32) (local $t i32) (local $k i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $col0 (i32.const 0))
    (block $strips_done (loop $strips
      (br_if $strips_done (i32.ge_u (local.get $col0) (local.get $cols)))
      (local.set $colEnd (i32.add (local.get $col0) (local.get $tile)))
      (if (i32.gt_u (local.get $colEnd) (local.get $cols)) (then (local.set $colEnd (local.get $cols))))
      (local.set $row (i32.const 0))
      (block $fours_done (loop $fours
        (br_if $fours_done (i32.gt_u (i32.add (local.get $row) (i32.const 4)) (local.get $rows)))
        (local.set $s0 (i32.add (local.get $from) (i32.mul (local.get $row) (local.get $rowStride))))
        (local.set $col (local.get $col0))
        (block $blocks_done (loop $blocks
          (br_if $blocks_done (i32.gt_u (i32.add (local.get $col) (i32.const 4)) (local.get $colEnd)))
          (local.set $r0 (v128.load (i32.add (local.get $s0) (i32.shl (local.get $col) (i32.const 2)))))
          (local.set $r1 (v128.load (i32.add (i32.add (local.get $s0) (local.get $rowStride)) (i32.shl (local.get $col) (i32.const 2)))))
          (local.set $r2 (v128.load (i32.add (i32.add (local.get $s0) (i32.shl (local.get $rowStride) (i32.const 1))) (i32.shl (local.get $col) (i32.const 2)))))
          (local.set $r3 (v128.load (i32.add (i32.add (local.get $s0) (i32.mul (local.get $rowStride) (i32.const 3))) (i32.shl (local.get $col) (i32.const 2)))))
          ;; a0 b0 a1 b1 | a2 b2 a3 b3 | c0 d0 c1 d1 | c2 d2 c3 d3
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
          (local.set $t (i32.add (i32.add (local.get $to) (i32.mul (local.get $col) (local.get $colStride))) (i32.shl (local.get $row) (i32.const 2))))
          (v128.store (local.get $t) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $t) (local.get $colStride))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $t) (i32.shl (local.get $colStride) (i32.const 1)))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $t) (i32.mul (local.get $colStride) (i32.const 3)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $col (i32.add (local.get $col) (i32.const 4)))
          (br $blocks)))
        ;; Columns left in the strip: one at a time, four rows each.
        (block $cols_done (loop $cols_loop
          (br_if $cols_done (i32.ge_u (local.get $col) (local.get $colEnd)))
          (local.set $t (i32.add (i32.add (local.get $to) (i32.mul (local.get $col) (local.get $colStride))) (i32.shl (local.get $row) (i32.const 2))))
          (local.set $k (i32.const 0))
          (block $k_done (loop $k_loop
            (br_if $k_done (i32.ge_u (local.get $k) (i32.const 4)))
            (i32.store (i32.add (local.get $t) (i32.shl (local.get $k) (i32.const 2)))
              (i32.load (i32.add (i32.add (local.get $s0) (i32.mul (local.get $k) (local.get $rowStride))) (i32.shl (local.get $col) (i32.const 2)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $k_loop)))
          (local.set $col (i32.add (local.get $col) (i32.const 1)))
          (br $cols_loop)))
        (local.set $row (i32.add (local.get $row) (i32.const 4)))
        (br $fours)))
      ;; Rows left: one number at a time.
      (block $rest_done (loop $rest
        (br_if $rest_done (i32.ge_u (local.get $row) (local.get $rows)))
        (local.set $s0 (i32.add (local.get $from) (i32.mul (local.get $row) (local.get $rowStride))))
        (local.set $col (local.get $col0))
        (block $one_done (loop $one
          (br_if $one_done (i32.ge_u (local.get $col) (local.get $colEnd)))
          (i32.store
            (i32.add (i32.add (local.get $to) (i32.mul (local.get $col) (local.get $colStride))) (i32.shl (local.get $row) (i32.const 2)))
            (i32.load (i32.add (local.get $s0) (i32.shl (local.get $col) (i32.const 2)))))
          (local.set $col (i32.add (local.get $col) (i32.const 1)))
          (br $one)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rest)))
      (local.set $col0 (local.get $colEnd))
      (br $strips)))
  )

  ;; Dropout multipliers: `count` floats from out, each `scale` when its 32-bit draw (top bit flipped,
  ;; as a signed number) is below `threshold`, else 0 (see fillDropoutMultipliers in dropoutLayer.ts,
  ;; the same rule with one generator). Four sfc32 generators side by side, number i drawn by
  ;; generator i mod 4; their state, 16 words at `state` (a0…a3, b0…b3, c0…c3, d0…d3), is advanced
  ;; in place.
  (func (export "dropoutMask")
    (param $out i32) (param $count i32) (param $threshold i32) (param $scale f32) (param $state i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t v128) (local $kept v128)
    (local $k i32) (local $end i32) (local $fullEnd i32) (local $limit v128) (local $scales v128) (local $flip v128)
    (local.set $a (v128.load (local.get $state)))
    (local.set $b (v128.load offset=16 (local.get $state)))
    (local.set $c (v128.load offset=32 (local.get $state)))
    (local.set $d (v128.load offset=48 (local.get $state)))
    (local.set $limit (i32x4.splat (local.get $threshold)))
    (local.set $scales (f32x4.splat (local.get $scale)))
    (local.set $flip (i32x4.splat (i32.const 0x80000000)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $fullEnd (i32.and (local.get $end) (i32.const -16)))
    (local.set $k (i32.const 0))
    (block $done (loop $draws
      (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
      (local.set $t (i32x4.add (i32x4.add (local.get $a) (local.get $b)) (local.get $d)))
      (local.set $d (i32x4.add (local.get $d) (i32x4.splat (i32.const 1))))
      (local.set $a (v128.xor (local.get $b) (i32x4.shr_u (local.get $b) (i32.const 9))))
      (local.set $b (i32x4.add (local.get $c) (i32x4.shl (local.get $c) (i32.const 3))))
      (local.set $c (v128.or (i32x4.shl (local.get $c) (i32.const 21)) (i32x4.shr_u (local.get $c) (i32.const 11))))
      (local.set $c (i32x4.add (local.get $c) (local.get $t)))
      (local.set $kept (v128.and (local.get $scales) (i32x4.lt_s (v128.xor (local.get $t) (local.get $flip)) (local.get $limit))))
      (if (i32.lt_u (local.get $k) (local.get $fullEnd))
        (then (v128.store (i32.add (local.get $out) (local.get $k)) (local.get $kept)))
        (else
          ;; The last one to three numbers.
          (f32.store (i32.add (local.get $out) (local.get $k)) (f32x4.extract_lane 0 (local.get $kept)))
          (if (i32.lt_u (i32.add (local.get $k) (i32.const 4)) (local.get $end))
            (then (f32.store offset=4 (i32.add (local.get $out) (local.get $k)) (f32x4.extract_lane 1 (local.get $kept)))))
          (if (i32.lt_u (i32.add (local.get $k) (i32.const 8)) (local.get $end))
            (then (f32.store offset=8 (i32.add (local.get $out) (local.get $k)) (f32x4.extract_lane 2 (local.get $kept)))))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $draws)))
    (v128.store (local.get $state) (local.get $a))
    (v128.store offset=16 (local.get $state) (local.get $b))
    (v128.store offset=32 (local.get $state) (local.get $c))
    (v128.store offset=48 (local.get $state) (local.get $d))
  )
)

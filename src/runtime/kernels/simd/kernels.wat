;; mfgc's SIMD kernels for the wasm backend: where tfjs-backend-wasm has no kernel, a slow one, or one
;; that spends more on packing and indirection than on arithmetic (XNNPACK repacks a fresh operand on
;; every call), and loops a JS pass cannot make fast (128-bit lanes, branch-free selects). The module
;; imports the backend's own memory, so every pointer is a byte offset of a tensor in tfjs's heap.
;;
;; Compiled by scripts/build-simd.mjs into kernels-wasm.ts (committed; test/runtime/kernels/simd.test.ts
;; fails when the two disagree). Bound to a backend in instance.ts; each kernel's caller is named in its
;; measurements' file (max-pool-grad.ts, adam-update.ts, conv2d*.ts, relu-grad.ts, bias-add.ts, sum.ts).
(module
  (import "env" "memory" (memory 1))

  ;; MaxPoolGrad of a 2×2 window with stride 2 and no padding, NHWC, channels a multiple of 4.
  ;;
  ;; x   [batch, inH, inW, c]    the pooling's input (byte offset)
  ;; dy  [batch, outH, outW, c]  the gradient of its output
  ;; dx  [batch, inH, inW, c]    written for every pixel a window covers (rows < 2·outH, columns < 2·outW);
  ;;                             the caller zeroes the rest. Windows do not overlap, so each covered
  ;;                             pixel is written once: dy where it is its window's winner, else +0.
  ;;
  ;; The winner is the scalar kernel's (max-pool-grad.ts): taps in row-major order, a tap wins when it is
  ;; strictly greater than the best so far, starting from −∞, so the first maximum wins ties, NaN never
  ;; wins and a window of −∞/NaN passes nothing. Four channels per step, with compares and bit-selects
  ;; instead of branches (whose mispredictions dominated the JS loop).
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $c i32) (param $outH i32) (param $outW i32)
    (local $cb i32) (local $rowBytes i32) (local $b i32) (local $i i32) (local $j i32)
    (local $top i32) (local $o i32) (local $end i32) (local $d i32)
    (local $v v128) (local $best v128) (local $at v128) (local $m v128) (local $g v128)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inW) (local.get $cb)))
    (local.set $d (local.get $dy))
    (local.set $b (i32.const 0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $outH)))
            ;; Byte offset of input row 2i of image b.
            (local.set $top
              (i32.mul
                (i32.add (i32.mul (local.get $b) (local.get $inH)) (i32.shl (local.get $i) (i32.const 1)))
                (local.get $rowBytes)))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $outW)))
                ;; The window's top-left pixel, channel 0; its channels run to $end.
                (local.set $o
                  (i32.add (local.get $top) (i32.mul (i32.shl (local.get $j) (i32.const 1)) (local.get $cb))))
                (local.set $end (i32.add (local.get $o) (local.get $cb)))
                (block $cDone
                  (loop $cLoop
                    (br_if $cDone (i32.ge_u (local.get $o) (local.get $end)))
                    ;; Tap 0, top left.
                    (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
                    (local.set $m (f32x4.gt (local.get $v) (v128.const f32x4 -inf -inf -inf -inf)))
                    (local.set $best
                      (v128.bitselect (local.get $v) (v128.const f32x4 -inf -inf -inf -inf) (local.get $m)))
                    (local.set $at
                      (v128.bitselect (v128.const i32x4 0 0 0 0) (v128.const i32x4 -1 -1 -1 -1) (local.get $m)))
                    ;; Tap 1, top right.
                    (local.set $v (v128.load (i32.add (local.get $x) (i32.add (local.get $o) (local.get $cb)))))
                    (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                    (local.set $at (v128.bitselect (v128.const i32x4 1 1 1 1) (local.get $at) (local.get $m)))
                    ;; Tap 2, bottom left.
                    (local.set $v
                      (v128.load (i32.add (local.get $x) (i32.add (local.get $o) (local.get $rowBytes)))))
                    (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                    (local.set $at (v128.bitselect (v128.const i32x4 2 2 2 2) (local.get $at) (local.get $m)))
                    ;; Tap 3, bottom right.
                    (local.set $v
                      (v128.load
                        (i32.add (local.get $x)
                          (i32.add (local.get $o) (i32.add (local.get $rowBytes) (local.get $cb))))))
                    (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                    (local.set $at (v128.bitselect (v128.const i32x4 3 3 3 3) (local.get $at) (local.get $m)))
                    ;; dy to the winner, +0 elsewhere (adding +0 turns a masked −0 into +0, as the scalar
                    ;; kernel's 0 + dy does).
                    (local.set $g (v128.load (local.get $d)))
                    (v128.store (i32.add (local.get $dx) (local.get $o))
                      (f32x4.add (v128.const f32x4 0 0 0 0)
                        (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 0 0 0 0)))))
                    (v128.store (i32.add (local.get $dx) (i32.add (local.get $o) (local.get $cb)))
                      (f32x4.add (v128.const f32x4 0 0 0 0)
                        (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 1 1 1 1)))))
                    (v128.store (i32.add (local.get $dx) (i32.add (local.get $o) (local.get $rowBytes)))
                      (f32x4.add (v128.const f32x4 0 0 0 0)
                        (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 2 2 2 2)))))
                    (v128.store
                      (i32.add (local.get $dx)
                        (i32.add (local.get $o) (i32.add (local.get $rowBytes) (local.get $cb))))
                      (f32x4.add (v128.const f32x4 0 0 0 0)
                        (v128.and (local.get $g) (i32x4.eq (local.get $at) (v128.const i32x4 3 3 3 3)))))
                    (local.set $d (i32.add (local.get $d) (i32.const 16)))
                    (local.set $o (i32.add (local.get $o) (i32.const 16)))
                    (br $cLoop)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jLoop)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop))))

  ;; One Adam/AdamW step for one variable of n floats (optimizers.ts, adamRule), writing the new weight and
  ;; slots to fresh tensors (tfjs tensors are immutable; `assign` swaps them in):
  ;;
  ;;   w0 = w − w·decay                      (AdamW's decoupled decay; skipped when decay = 0)
  ;;   m' = m·β1 + g·(1 − β1)
  ;;   v' = v·β2 + (g·g)·(1 − β2)
  ;;   w' = w0 − lrT·(m' / (√v' + ε))
  ;;
  ;; The same float32 operations in the same order as the composition of tfjs kernels it replaces, each
  ;; rounded once (WebAssembly has no fused multiply-add), so the results are the same bits. The scalars
  ;; arrive rounded to float32 as tfjs rounds its scalar operands.
  (func (export "adamUpdate")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $wOut i32) (param $mOut i32) (param $vOut i32) (param $n i32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $epsilon f32) (param $lrT f32) (param $decay f32)
    (local $o i32) (local $vectorEnd i32) (local $end i32)
    (local $W v128) (local $G v128) (local $M v128) (local $V v128)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $e v128) (local $lr v128) (local $d v128)
    (local $ws f32) (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $e (f32x4.splat (local.get $epsilon)))
    (local.set $lr (f32x4.splat (local.get $lrT)))
    (local.set $d (f32x4.splat (local.get $decay)))
    ;; Byte offsets: four floats at a time up to $vectorEnd, then one at a time up to $end.
    (local.set $vectorEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $vDone
      (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $o) (local.get $vectorEnd)))
        (local.set $W (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (f32.ne (local.get $decay) (f32.const 0))
          (then (local.set $W (f32x4.sub (local.get $W) (f32x4.mul (local.get $W) (local.get $d))))))
        (local.set $M
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
            (f32x4.mul (local.get $G) (local.get $c1))))
        (local.set $V
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32x4.mul (f32x4.mul (local.get $G) (local.get $G)) (local.get $c2))))
        (v128.store (i32.add (local.get $mOut) (local.get $o)) (local.get $M))
        (v128.store (i32.add (local.get $vOut) (local.get $o)) (local.get $V))
        (v128.store (i32.add (local.get $wOut) (local.get $o))
          (f32x4.sub (local.get $W)
            (f32x4.mul (local.get $lr)
              (f32x4.div (local.get $M) (f32x4.add (f32x4.sqrt (local.get $V)) (local.get $e))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vLoop)))
    (block $sDone
      (loop $sLoop
        (br_if $sDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $ws (f32.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (f32.ne (local.get $decay) (f32.const 0))
          (then (local.set $ws (f32.sub (local.get $ws) (f32.mul (local.get $ws) (local.get $decay))))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $beta1))
            (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $beta2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
        (f32.store (i32.add (local.get $mOut) (local.get $o)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $wOut) (local.get $o))
          (f32.sub (local.get $ws)
            (f32.mul (local.get $lrT)
              (f32.div (local.get $ms) (f32.add (f32.sqrt (local.get $vs)) (local.get $epsilon))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $sLoop)))
  )

  ;; A convolution's filter gradient, dW[k, co] += Σ over output pixels (b, i, j) of
  ;; x[window base of (b, i, j) + tap k] · dy[b, i, j, co], read straight from the input and dy: no patch
  ;; matrix, and no packed copy of dy (XNNPACK's matrix product packs its right operand afresh on every
  ;; call). dW must start zeroed.
  ;;
  ;; x         the input, NHWC, padded so that every tap of every window falls inside (the caller pads)
  ;; dy        [batch, outH, outW, co], co a multiple of 8
  ;; dw        [taps, co] (taps = kh·kw·ci flattened as HWI)
  ;; offsets   taps i32s: byte offset of each tap from its window's base
  ;; rowsPerBlock  output rows summed per pass over the taps (their input rows and dy stay in L1 cache)
  ;; imageStep, rowStep, colStep  bytes between the window bases of successive images, output rows
  ;;           (stride·input row) and output columns (stride·pixel)
  ;;
  ;; For each block of output rows, tiles of 4 taps × 8 channels (1 tap × 8 for the taps left over)
  ;; load their 8 (2) accumulators from dW, add every pixel of the block in pixel order and store them
  ;; back: sums in float32 in pixel order, the same numbers whatever the block size.
  (func (export "conv2dFilterGradient")
    (param $x i32) (param $dy i32) (param $dw i32) (param $offsets i32) (param $taps i32) (param $co i32)
    (param $batch i32) (param $outH i32) (param $outW i32) (param $rowsPerBlock i32)
    (param $imageStep i32) (param $rowStep i32) (param $colStep i32)
    (local $b i32) (local $i0 i32) (local $i1 i32) (local $i i32) (local $k i32) (local $cOff i32)
    (local $image i32) (local $dyImage i32) (local $p i32) (local $pEnd i32) (local $d i32) (local $out i32)
    (local $rowSpan i32) (local $dyStep i32) (local $dyRowBytes i32) (local $dwStep1 i32) (local $dwStep2 i32) (local $dwStep3 i32)
    (local $off0 i32) (local $off1 i32) (local $off2 i32) (local $off3 i32)
    (local $s v128) (local $d0 v128) (local $d1 v128) (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $dyStep (i32.shl (local.get $co) (i32.const 2)))
    (local.set $dyRowBytes (i32.mul (local.get $outW) (local.get $dyStep)))
    (local.set $rowSpan (i32.mul (local.get $outW) (local.get $colStep)))
    (local.set $dwStep1 (local.get $dyStep))
    (local.set $dwStep2 (i32.shl (local.get $dyStep) (i32.const 1)))
    (local.set $dwStep3 (i32.mul (local.get $dyStep) (i32.const 3)))
    (local.set $b (i32.const 0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $imageStep))))
        (local.set $dyImage (i32.add (local.get $dy) (i32.mul (i32.mul (local.get $b) (local.get $outH)) (local.get $dyRowBytes))))
        (local.set $i0 (i32.const 0))
        (block $blocksDone
          (loop $blocks
            (br_if $blocksDone (i32.ge_u (local.get $i0) (local.get $outH)))
            (local.set $i1 (i32.add (local.get $i0) (local.get $rowsPerBlock)))
            (if (i32.gt_u (local.get $i1) (local.get $outH)) (then (local.set $i1 (local.get $outH))))
            (local.set $k (i32.const 0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $k) (local.get $taps)))
                (local.set $off0 (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2)))))
                (if (i32.le_u (i32.add (local.get $k) (i32.const 4)) (local.get $taps))
                  (then
                    (local.set $off1 (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2)))))
                    (local.set $off2 (i32.load offset=8 (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2)))))
                    (local.set $off3 (i32.load offset=12 (i32.add (local.get $offsets) (i32.shl (local.get $k) (i32.const 2)))))
                    (local.set $cOff (i32.const 0))
                    (block $c4Done
                      (loop $c4
                        (br_if $c4Done (i32.ge_u (local.get $cOff) (local.get $dyStep)))
                        (local.set $out (i32.add (local.get $dw) (i32.add (i32.mul (local.get $k) (local.get $dyStep)) (local.get $cOff))))
                        (local.set $a00 (v128.load (local.get $out)))
                        (local.set $a01 (v128.load offset=16 (local.get $out)))
                        (local.set $a10 (v128.load (i32.add (local.get $out) (local.get $dwStep1))))
                        (local.set $a11 (v128.load offset=16 (i32.add (local.get $out) (local.get $dwStep1))))
                        (local.set $a20 (v128.load (i32.add (local.get $out) (local.get $dwStep2))))
                        (local.set $a21 (v128.load offset=16 (i32.add (local.get $out) (local.get $dwStep2))))
                        (local.set $a30 (v128.load (i32.add (local.get $out) (local.get $dwStep3))))
                        (local.set $a31 (v128.load offset=16 (i32.add (local.get $out) (local.get $dwStep3))))
                        (local.set $i (local.get $i0))
                        (block $rowsDone4
                          (loop $rows4
                            (br_if $rowsDone4 (i32.ge_u (local.get $i) (local.get $i1)))
                            (local.set $p (i32.add (local.get $image) (i32.mul (local.get $i) (local.get $rowStep))))
                            (local.set $pEnd (i32.add (local.get $p) (local.get $rowSpan)))
                            (local.set $d (i32.add (local.get $dyImage) (i32.add (i32.mul (local.get $i) (local.get $dyRowBytes)) (local.get $cOff))))
                            (block $colsDone4
                              (loop $cols4
                                (br_if $colsDone4 (i32.ge_u (local.get $p) (local.get $pEnd)))
                                (local.set $d0 (v128.load (local.get $d)))
                                (local.set $d1 (v128.load offset=16 (local.get $d)))
                                (local.set $s (v128.load32_splat (i32.add (local.get $p) (local.get $off0))))
                                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $p) (local.get $off1))))
                                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $p) (local.get $off2))))
                                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $p) (local.get $off3))))
                                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $p (i32.add (local.get $p) (local.get $colStep)))
                                (local.set $d (i32.add (local.get $d) (local.get $dyStep)))
                                (br $cols4)))
                            (local.set $i (i32.add (local.get $i) (i32.const 1)))
                            (br $rows4)))
                        (v128.store (local.get $out) (local.get $a00))
                        (v128.store offset=16 (local.get $out) (local.get $a01))
                        (v128.store (i32.add (local.get $out) (local.get $dwStep1)) (local.get $a10))
                        (v128.store offset=16 (i32.add (local.get $out) (local.get $dwStep1)) (local.get $a11))
                        (v128.store (i32.add (local.get $out) (local.get $dwStep2)) (local.get $a20))
                        (v128.store offset=16 (i32.add (local.get $out) (local.get $dwStep2)) (local.get $a21))
                        (v128.store (i32.add (local.get $out) (local.get $dwStep3)) (local.get $a30))
                        (v128.store offset=16 (i32.add (local.get $out) (local.get $dwStep3)) (local.get $a31))
                        (local.set $cOff (i32.add (local.get $cOff) (i32.const 32)))
                        (br $c4)))
                    (local.set $k (i32.add (local.get $k) (i32.const 4))))
                  (else
                    (local.set $cOff (i32.const 0))
                    (block $c1Done
                      (loop $c1
                        (br_if $c1Done (i32.ge_u (local.get $cOff) (local.get $dyStep)))
                        (local.set $out (i32.add (local.get $dw) (i32.add (i32.mul (local.get $k) (local.get $dyStep)) (local.get $cOff))))
                        (local.set $a00 (v128.load (local.get $out)))
                        (local.set $a01 (v128.load offset=16 (local.get $out)))
                        (local.set $i (local.get $i0))
                        (block $rowsDone1
                          (loop $rows1
                            (br_if $rowsDone1 (i32.ge_u (local.get $i) (local.get $i1)))
                            (local.set $p (i32.add (local.get $image) (i32.mul (local.get $i) (local.get $rowStep))))
                            (local.set $pEnd (i32.add (local.get $p) (local.get $rowSpan)))
                            (local.set $d (i32.add (local.get $dyImage) (i32.add (i32.mul (local.get $i) (local.get $dyRowBytes)) (local.get $cOff))))
                            (block $colsDone1
                              (loop $cols1
                                (br_if $colsDone1 (i32.ge_u (local.get $p) (local.get $pEnd)))
                                (local.set $d0 (v128.load (local.get $d)))
                                (local.set $d1 (v128.load offset=16 (local.get $d)))
                                (local.set $s (v128.load32_splat (i32.add (local.get $p) (local.get $off0))))
                                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $d1))))
                                (local.set $p (i32.add (local.get $p) (local.get $colStep)))
                                (local.set $d (i32.add (local.get $d) (local.get $dyStep)))
                                (br $cols1)))
                            (local.set $i (i32.add (local.get $i) (i32.const 1)))
                            (br $rows1)))
                        (v128.store (local.get $out) (local.get $a00))
                        (v128.store offset=16 (local.get $out) (local.get $a01))
                        (local.set $cOff (i32.add (local.get $cOff) (i32.const 32)))
                        (br $c1)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))))
                (br $tapLoop)))
            (local.set $i0 (local.get $i1))
            (br $blocks)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))
  )

  ;; A convolution's input gradient, dx[window base of (b, i, j) + tap t] += W[t] · dy[b, i, j] over
  ;; every output pixel (b, i, j) and filter tap t = (kh, kw): each output pixel's gradient spread back
  ;; over the input pixels its window read, with no work on padding or on zeros between strided pixels
  ;; (the full-padding convolution it replaces did 40 % more multiply-adds on the tutorial CNN).
  ;;
  ;; dy        [batch, outH, outW, co]
  ;; wT        the filter as [kh·kw, co, ci] (each tap's [ci, co] transposed), ci a multiple of 8
  ;; dx        [batch, Hp, Wp, ci], the input's shape padded as the forward pass padded it; must start
  ;;           zeroed; the caller crops the padding off
  ;; tapOffsets  kh·kw i32s: byte offset of each tap from a window's base in dx
  ;; imageStep, rowStep, colStep  bytes between the window bases in dx of successive images, output
  ;;           rows and output columns
  ;;
  ;; Per output row, tap and 8 input channels: 4 output pixels at a time (then one at a time) keep 8 (2)
  ;; accumulators, loaded from dx and stored back, over the co products.
  (func (export "conv2dInputGradient")
    (param $dy i32) (param $wT i32) (param $dx i32) (param $tapOffsets i32) (param $taps i32) (param $co i32) (param $ci i32)
    (param $batch i32) (param $outH i32) (param $outW i32)
    (param $imageStep i32) (param $rowStep i32) (param $colStep i32)
    (local $b i32) (local $i i32) (local $t i32) (local $j i32) (local $cOff i32)
    (local $image i32) (local $base i32) (local $dyRow i32) (local $wTap i32) (local $q i32) (local $d i32) (local $w i32) (local $wEnd i32)
    (local $dyPixel i32) (local $dyPixel1 i32) (local $dyPixel2 i32) (local $dyPixel3 i32)
    (local $colStep1 i32) (local $colStep2 i32) (local $colStep3 i32) (local $wRow i32) (local $wTapBytes i32) (local $ciBytes i32)
    (local $s v128) (local $w0 v128) (local $w1 v128) (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $dyPixel (i32.shl (local.get $co) (i32.const 2)))
    (local.set $dyPixel1 (local.get $dyPixel))
    (local.set $dyPixel2 (i32.shl (local.get $dyPixel) (i32.const 1)))
    (local.set $dyPixel3 (i32.mul (local.get $dyPixel) (i32.const 3)))
    (local.set $colStep1 (local.get $colStep))
    (local.set $colStep2 (i32.shl (local.get $colStep) (i32.const 1)))
    (local.set $colStep3 (i32.mul (local.get $colStep) (i32.const 3)))
    (local.set $ciBytes (i32.shl (local.get $ci) (i32.const 2)))
    (local.set $wRow (local.get $ciBytes))
    (local.set $wTapBytes (i32.mul (local.get $co) (local.get $ciBytes)))
    (local.set $b (i32.const 0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $image (i32.add (local.get $dx) (i32.mul (local.get $b) (local.get $imageStep))))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $outH)))
            (local.set $dyRow
              (i32.add (local.get $dy)
                (i32.mul (i32.add (i32.mul (local.get $b) (local.get $outH)) (local.get $i)) (i32.mul (local.get $outW) (local.get $dyPixel)))))
            (local.set $t (i32.const 0))
            (block $tDone
              (loop $tLoop
                (br_if $tDone (i32.ge_u (local.get $t) (local.get $taps)))
                (local.set $base
                  (i32.add (i32.add (local.get $image) (i32.mul (local.get $i) (local.get $rowStep)))
                    (i32.load (i32.add (local.get $tapOffsets) (i32.shl (local.get $t) (i32.const 2))))))
                (local.set $wTap (i32.add (local.get $wT) (i32.mul (local.get $t) (local.get $wTapBytes))))
                (local.set $cOff (i32.const 0))
                (block $cDone
                  (loop $cLoop
                    (br_if $cDone (i32.ge_u (local.get $cOff) (local.get $ciBytes)))
                    (local.set $j (i32.const 0))
                    (block $j4Done
                      (loop $j4
                        (br_if $j4Done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $outW)))
                        (local.set $q (i32.add (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $colStep))) (local.get $cOff)))
                        (local.set $a00 (v128.load (local.get $q)))
                        (local.set $a01 (v128.load offset=16 (local.get $q)))
                        (local.set $a10 (v128.load (i32.add (local.get $q) (local.get $colStep1))))
                        (local.set $a11 (v128.load offset=16 (i32.add (local.get $q) (local.get $colStep1))))
                        (local.set $a20 (v128.load (i32.add (local.get $q) (local.get $colStep2))))
                        (local.set $a21 (v128.load offset=16 (i32.add (local.get $q) (local.get $colStep2))))
                        (local.set $a30 (v128.load (i32.add (local.get $q) (local.get $colStep3))))
                        (local.set $a31 (v128.load offset=16 (i32.add (local.get $q) (local.get $colStep3))))
                        (local.set $d (i32.add (local.get $dyRow) (i32.mul (local.get $j) (local.get $dyPixel))))
                        (local.set $w (i32.add (local.get $wTap) (local.get $cOff)))
                        (local.set $wEnd (i32.add (local.get $w) (local.get $wTapBytes)))
                        (block $kDone4
                          (loop $k4
                            (br_if $kDone4 (i32.ge_u (local.get $w) (local.get $wEnd)))
                            (local.set $w0 (v128.load (local.get $w)))
                            (local.set $w1 (v128.load offset=16 (local.get $w)))
                            (local.set $s (v128.load32_splat (local.get $d)))
                            (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                            (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                            (local.set $s (v128.load32_splat (i32.add (local.get $d) (local.get $dyPixel1))))
                            (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                            (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                            (local.set $s (v128.load32_splat (i32.add (local.get $d) (local.get $dyPixel2))))
                            (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                            (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                            (local.set $s (v128.load32_splat (i32.add (local.get $d) (local.get $dyPixel3))))
                            (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                            (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                            (local.set $d (i32.add (local.get $d) (i32.const 4)))
                            (local.set $w (i32.add (local.get $w) (local.get $wRow)))
                            (br $k4)))
                        (v128.store (local.get $q) (local.get $a00))
                        (v128.store offset=16 (local.get $q) (local.get $a01))
                        (v128.store (i32.add (local.get $q) (local.get $colStep1)) (local.get $a10))
                        (v128.store offset=16 (i32.add (local.get $q) (local.get $colStep1)) (local.get $a11))
                        (v128.store (i32.add (local.get $q) (local.get $colStep2)) (local.get $a20))
                        (v128.store offset=16 (i32.add (local.get $q) (local.get $colStep2)) (local.get $a21))
                        (v128.store (i32.add (local.get $q) (local.get $colStep3)) (local.get $a30))
                        (v128.store offset=16 (i32.add (local.get $q) (local.get $colStep3)) (local.get $a31))
                        (local.set $j (i32.add (local.get $j) (i32.const 4)))
                        (br $j4)))
                    (block $j1Done
                      (loop $j1
                        (br_if $j1Done (i32.ge_u (local.get $j) (local.get $outW)))
                        (local.set $q (i32.add (i32.add (local.get $base) (i32.mul (local.get $j) (local.get $colStep))) (local.get $cOff)))
                        (local.set $a00 (v128.load (local.get $q)))
                        (local.set $a01 (v128.load offset=16 (local.get $q)))
                        (local.set $d (i32.add (local.get $dyRow) (i32.mul (local.get $j) (local.get $dyPixel))))
                        (local.set $w (i32.add (local.get $wTap) (local.get $cOff)))
                        (local.set $wEnd (i32.add (local.get $w) (local.get $wTapBytes)))
                        (block $kDone1
                          (loop $k1
                            (br_if $kDone1 (i32.ge_u (local.get $w) (local.get $wEnd)))
                            (local.set $w0 (v128.load (local.get $w)))
                            (local.set $w1 (v128.load offset=16 (local.get $w)))
                            (local.set $s (v128.load32_splat (local.get $d)))
                            (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                            (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                            (local.set $d (i32.add (local.get $d) (i32.const 4)))
                            (local.set $w (i32.add (local.get $w) (local.get $wRow)))
                            (br $k1)))
                        (v128.store (local.get $q) (local.get $a00))
                        (v128.store offset=16 (local.get $q) (local.get $a01))
                        (local.set $j (i32.add (local.get $j) (i32.const 1)))
                        (br $j1)))
                    (local.set $cOff (i32.add (local.get $cOff) (i32.const 32)))
                    (br $cLoop)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $tLoop)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))
  )

  ;; A convolution, out[b, i, j, co] = Σ over taps (kh, kw) and input channels ci of
  ;; x[window base of (b, i, j) + tap] · W[kh, kw, ci, co], for inputs with few channels, where XNNPACK's
  ;; convolution spends more on its indirection than on the arithmetic (conv2d.ts has the measurements).
  ;;
  ;; x         the input, NHWC, padded so that every tap of every window falls inside (the caller pads)
  ;; w         the filter, HWIO, co a multiple of 8
  ;; out       [batch, outH, outW, co], every element written
  ;; tapOffsets  kh·kw i32s: byte offset of each tap (channel 0) from a window's base
  ;; imageStep, rowStep, colStep  bytes between the window bases of successive images, output rows and
  ;;           output columns
  ;;
  ;; 4 output pixels (then one at a time) × 8 output channels per tile, sums in float32 in HWI order.
  (func (export "conv2dForward")
    (param $x i32) (param $wt i32) (param $out i32) (param $tapOffsets i32) (param $taps i32) (param $ci i32) (param $co i32)
    (param $batch i32) (param $outH i32) (param $outW i32)
    (param $imageStep i32) (param $rowStep i32) (param $colStep i32)
    (local $b i32) (local $i i32) (local $j i32) (local $t i32) (local $cOff i32)
    (local $rowBase i32) (local $outRow i32) (local $p i32) (local $o i32) (local $xp i32) (local $xEnd i32) (local $w i32) (local $w0base i32)
    (local $ciBytes i32) (local $wRow i32) (local $outPixel i32) (local $outPixel1 i32) (local $outPixel2 i32) (local $outPixel3 i32)
    (local $colStep1 i32) (local $colStep2 i32) (local $colStep3 i32)
    (local $s v128) (local $w0 v128) (local $w1 v128) (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128) (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $ciBytes (i32.shl (local.get $ci) (i32.const 2)))
    (local.set $wRow (i32.shl (local.get $co) (i32.const 2)))
    (local.set $outPixel (local.get $wRow))
    (local.set $outPixel1 (local.get $outPixel))
    (local.set $outPixel2 (i32.shl (local.get $outPixel) (i32.const 1)))
    (local.set $outPixel3 (i32.mul (local.get $outPixel) (i32.const 3)))
    (local.set $colStep1 (local.get $colStep))
    (local.set $colStep2 (i32.shl (local.get $colStep) (i32.const 1)))
    (local.set $colStep3 (i32.mul (local.get $colStep) (i32.const 3)))
    (local.set $w0base (local.get $wt))
    (local.set $outRow (local.get $out))
    (local.set $b (i32.const 0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $outH)))
            (local.set $rowBase
              (i32.add (local.get $x) (i32.add (i32.mul (local.get $b) (local.get $imageStep)) (i32.mul (local.get $i) (local.get $rowStep)))))
            (local.set $cOff (i32.const 0))
            (block $coDone
              (loop $coLoop
                (br_if $coDone (i32.ge_u (local.get $cOff) (local.get $wRow)))
                (local.set $j (i32.const 0))
                (block $j4Done
                  (loop $j4
                    (br_if $j4Done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $outW)))
                    (local.set $p (i32.add (local.get $rowBase) (i32.mul (local.get $j) (local.get $colStep))))
                    (local.set $o (i32.add (local.get $outRow) (i32.add (i32.mul (local.get $j) (local.get $outPixel)) (local.get $cOff))))
                        (local.set $a00 (v128.const i32x4 0 0 0 0))
                        (local.set $a01 (v128.const i32x4 0 0 0 0))
                        (local.set $a10 (v128.const i32x4 0 0 0 0))
                        (local.set $a11 (v128.const i32x4 0 0 0 0))
                        (local.set $a20 (v128.const i32x4 0 0 0 0))
                        (local.set $a21 (v128.const i32x4 0 0 0 0))
                        (local.set $a30 (v128.const i32x4 0 0 0 0))
                        (local.set $a31 (v128.const i32x4 0 0 0 0))
                        (local.set $w (i32.add (local.get $w0base) (local.get $cOff)))
                        (local.set $t (i32.const 0))
                        (block $tDone4
                          (loop $tLoop4
                            (br_if $tDone4 (i32.ge_u (local.get $t) (local.get $taps)))
                            (local.set $xp (i32.add (local.get $p) (i32.load (i32.add (local.get $tapOffsets) (i32.shl (local.get $t) (i32.const 2))))))
                            (local.set $xEnd (i32.add (local.get $xp) (local.get $ciBytes)))
                            (block $cDone4
                              (loop $cLoop4
                                (br_if $cDone4 (i32.ge_u (local.get $xp) (local.get $xEnd)))
                                (local.set $w0 (v128.load (local.get $w)))
                                (local.set $w1 (v128.load offset=16 (local.get $w)))
                                (local.set $s (v128.load32_splat (local.get $xp)))
                                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $colStep1))))
                                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $colStep2))))
                                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                                (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $colStep3))))
                                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                                (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                                (local.set $w (i32.add (local.get $w) (local.get $wRow)))
                                (br $cLoop4)))
                            (local.set $t (i32.add (local.get $t) (i32.const 1)))
                            (br $tLoop4)))
                        (v128.store (local.get $o) (local.get $a00))
                        (v128.store offset=16 (local.get $o) (local.get $a01))
                        (v128.store (i32.add (local.get $o) (local.get $outPixel1)) (local.get $a10))
                        (v128.store offset=16 (i32.add (local.get $o) (local.get $outPixel1)) (local.get $a11))
                        (v128.store (i32.add (local.get $o) (local.get $outPixel2)) (local.get $a20))
                        (v128.store offset=16 (i32.add (local.get $o) (local.get $outPixel2)) (local.get $a21))
                        (v128.store (i32.add (local.get $o) (local.get $outPixel3)) (local.get $a30))
                        (v128.store offset=16 (i32.add (local.get $o) (local.get $outPixel3)) (local.get $a31))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $j4)))
                (block $j1Done
                  (loop $j1
                    (br_if $j1Done (i32.ge_u (local.get $j) (local.get $outW)))
                    (local.set $p (i32.add (local.get $rowBase) (i32.mul (local.get $j) (local.get $colStep))))
                    (local.set $o (i32.add (local.get $outRow) (i32.add (i32.mul (local.get $j) (local.get $outPixel)) (local.get $cOff))))
                        (local.set $a00 (v128.const i32x4 0 0 0 0))
                        (local.set $a01 (v128.const i32x4 0 0 0 0))
                        (local.set $w (i32.add (local.get $w0base) (local.get $cOff)))
                        (local.set $t (i32.const 0))
                        (block $tDone1
                          (loop $tLoop1
                            (br_if $tDone1 (i32.ge_u (local.get $t) (local.get $taps)))
                            (local.set $xp (i32.add (local.get $p) (i32.load (i32.add (local.get $tapOffsets) (i32.shl (local.get $t) (i32.const 2))))))
                            (local.set $xEnd (i32.add (local.get $xp) (local.get $ciBytes)))
                            (block $cDone1
                              (loop $cLoop1
                                (br_if $cDone1 (i32.ge_u (local.get $xp) (local.get $xEnd)))
                                (local.set $w0 (v128.load (local.get $w)))
                                (local.set $w1 (v128.load offset=16 (local.get $w)))
                                (local.set $s (v128.load32_splat (local.get $xp)))
                                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                                (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                                (local.set $w (i32.add (local.get $w) (local.get $wRow)))
                                (br $cLoop1)))
                            (local.set $t (i32.add (local.get $t) (i32.const 1)))
                            (br $tLoop1)))
                        (v128.store (local.get $o) (local.get $a00))
                        (v128.store offset=16 (local.get $o) (local.get $a01))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $j1)))
                (local.set $cOff (i32.add (local.get $cOff) (i32.const 32)))
                (br $coLoop)))
            (local.set $outRow (i32.add (local.get $outRow) (i32.mul (local.get $outW) (local.get $outPixel))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bLoop)))
  )

  ;; ReLU's gradient, dx = dy · step(x) with step(x) = 1 where x > 0, NaN where x is NaN, else 0 (tfjs's
  ;; Step on cpu): the product rounds as tfjs's Multiply does (dy·0 keeps dy's sign), so the result is the
  ;; composition's bit for bit, in one pass instead of three kernels (Step, Cast, Multiply).
  (func (export "reluGrad") (param $dy i32) (param $x i32) (param $dx i32) (param $n i32)
    (local $o i32) (local $vectorEnd i32) (local $end i32) (local $v v128) (local $step v128)
    (local $xs f32) (local $steps f32)
    (local.set $vectorEnd (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $vDone
      (loop $vLoop
        (br_if $vDone (i32.ge_u (local.get $o) (local.get $vectorEnd)))
        (local.set $v (v128.load (i32.add (local.get $x) (local.get $o))))
        ;; 1 where x > 0, else 0; then x itself where x is NaN (x ≠ x).
        (local.set $step
          (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 1 1 1 1)))
        (local.set $step (v128.bitselect (local.get $v) (local.get $step) (f32x4.ne (local.get $v) (local.get $v))))
        (v128.store (i32.add (local.get $dx) (local.get $o))
          (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $o))) (local.get $step)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vLoop)))
    (block $sDone
      (loop $sLoop
        (br_if $sDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $xs (f32.load (i32.add (local.get $x) (local.get $o))))
        (local.set $steps
          (select (f32.const 1)
            (select (local.get $xs) (f32.const 0) (f32.ne (local.get $xs) (local.get $xs)))
            (f32.gt (local.get $xs) (f32.const 0))))
        (f32.store (i32.add (local.get $dx) (local.get $o))
          (f32.mul (f32.load (i32.add (local.get $dy) (local.get $o))) (local.get $steps)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $sLoop)))
  )

  ;; x + bias broadcast over rows (tfjs's Add of a [.., inner] tensor and an [inner] vector, a layer's
  ;; bias): out[r·inner + i] = x[r·inner + i] + bias[i], one float32 addition each, as XNNPACK's.
  (func (export "biasAdd") (param $x i32) (param $bias i32) (param $out i32) (param $outer i32) (param $inner i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $r i32) (local $o i32) (local $row i32) (local $outRow i32)
    (local.set $rowBytes (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $vectorBytes (i32.shl (i32.and (local.get $inner) (i32.const -4)) (i32.const 2)))
    (local.set $row (local.get $x))
    (local.set $outRow (local.get $out))
    (local.set $r (i32.const 0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $r) (local.get $outer)))
        (local.set $o (i32.const 0))
        (block $vDone
          (loop $vLoop
            (br_if $vDone (i32.ge_u (local.get $o) (local.get $vectorBytes)))
            (v128.store (i32.add (local.get $outRow) (local.get $o))
              (f32x4.add (v128.load (i32.add (local.get $row) (local.get $o))) (v128.load (i32.add (local.get $bias) (local.get $o)))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $vLoop)))
        (block $sDone
          (loop $sLoop
            (br_if $sDone (i32.ge_u (local.get $o) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $outRow) (local.get $o))
              (f32.add (f32.load (i32.add (local.get $row) (local.get $o))) (f32.load (i32.add (local.get $bias) (local.get $o)))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $sLoop)))
        (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
        (local.set $outRow (i32.add (local.get $outRow) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop)))
  )

  ;; Sum over leading rows, out[i] = Σ_r x[r·inner + i] in float64 in row order, rounded to float32 once
  ;; (tfjs's cpu Sum, and sum.ts's JS loop: the same bits). acc is float64 scratch of inner elements.
  ;; Blocks of rowsPerBlock rows (kept in L1 cache) are summed four columns at a time, the running sums
  ;; in two float64x2 registers; columns past the last multiple of four one at a time.
  (func (export "sumLeadingRows")
    (param $x i32) (param $acc i32) (param $out i32) (param $outer i32) (param $inner i32) (param $rowsPerBlock i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $r0 i32) (local $r1 i32) (local $c i32) (local $p i32) (local $end i32)
    (local $v v128) (local $lo v128) (local $hi v128) (local $s f64)
    (local.set $rowBytes (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $vectorBytes (i32.shl (i32.and (local.get $inner) (i32.const -4)) (i32.const 2)))
    ;; acc = 0
    (local.set $c (i32.const 0))
    (block $zDone
      (loop $zLoop
        (br_if $zDone (i32.ge_u (local.get $c) (local.get $inner)))
        (f64.store (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))) (f64.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $zLoop)))
    (local.set $r0 (i32.const 0))
    (block $bDone
      (loop $bLoop
        (br_if $bDone (i32.ge_u (local.get $r0) (local.get $outer)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowsPerBlock)))
        (if (i32.gt_u (local.get $r1) (local.get $outer)) (then (local.set $r1 (local.get $outer))))
        ;; Four columns at a time: $c is the column's byte offset in a row.
        (local.set $c (i32.const 0))
        (block $vDone
          (loop $vLoop
            (br_if $vDone (i32.ge_u (local.get $c) (local.get $vectorBytes)))
            (local.set $lo (v128.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1)))))
            (local.set $hi (v128.load offset=16 (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1)))))
            (local.set $p (i32.add (i32.add (local.get $x) (i32.mul (local.get $r0) (local.get $rowBytes))) (local.get $c)))
            (local.set $end (i32.add (i32.add (local.get $x) (i32.mul (local.get $r1) (local.get $rowBytes))) (local.get $c)))
            (block $rDone
              (loop $rLoop
                (br_if $rDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $v (v128.load (local.get $p)))
                (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
                (local.set $hi
                  (f64x2.add (local.get $hi)
                    (f64x2.promote_low_f32x4
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
                (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
                (br $rLoop)))
            (v128.store (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1))) (local.get $lo))
            (v128.store offset=16 (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1))) (local.get $hi))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $vLoop)))
        ;; The columns left over, one at a time.
        (block $sDone
          (loop $sLoop
            (br_if $sDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $s (f64.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1)))))
            (local.set $p (i32.add (i32.add (local.get $x) (i32.mul (local.get $r0) (local.get $rowBytes))) (local.get $c)))
            (local.set $end (i32.add (i32.add (local.get $x) (i32.mul (local.get $r1) (local.get $rowBytes))) (local.get $c)))
            (block $rsDone
              (loop $rsLoop
                (br_if $rsDone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
                (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
                (br $rsLoop)))
            (f64.store (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 1))) (local.get $s))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $sLoop)))
        (local.set $r0 (local.get $r1))
        (br $bLoop)))
    ;; out = float32(acc)
    (local.set $c (i32.const 0))
    (block $oDone
      (loop $oLoop
        (br_if $oDone (i32.ge_u (local.get $c) (local.get $inner)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
          (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $oLoop)))
  )
)

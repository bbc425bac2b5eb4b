;; mfgc's SIMD kernels for the wasm backend: loops where tfjs-backend-wasm has no fast kernel and a JS
;; loop is held back by what JS cannot express (128-bit lanes, branch-free selects). The module imports
;; the backend's own memory, so every pointer is a byte offset of a tensor in tfjs's heap.
;;
;; Compiled by scripts/build-simd.mjs into kernels-wasm.ts (committed; test/runtime/kernels/simd.test.ts
;; fails when the two disagree). Callers: src/runtime/kernels/simd/instance.ts.
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
)

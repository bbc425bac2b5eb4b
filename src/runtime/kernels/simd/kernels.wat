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
)

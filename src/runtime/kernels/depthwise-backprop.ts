/**
 * The depthwise convolution gradients the wasm backend lacks.
 *
 * Input gradient: the stride-spread output gradient, depthwise-convolved (multiplier 1, over all
 * C·m output channels) with the spatially flipped filter, then summed over the multiplier.
 *
 * Filter gradient: for each filter tap, the strided slice of the padded input that the tap saw, times
 * the output gradient, summed over batch and space. That is kh·kw cheap elementwise passes, the same
 * arithmetic as the gradient itself, and no scatter.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { explicitPadding, pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { spreadPixels } from "./conv2d-backprop-input.js";
import { withScope } from "./wasm-scope.js";

const depthwiseBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs ?? {};
  const inputShape = shape4(a["inputShape"] as number[]);
  const [kh, kw, channels, multiplier] = shape4(filter.shape);
  const dilations = pair(a["dilations"]);
  const strides = pair(a["strides"]);
  const info = backend_util.computeConv2DInfo(
    inputShape, shape4(filter.shape), strides, dilations, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]), true,
  );
  return withScope(backend, (s) => {
    const [batch, inH, inW] = inputShape;
    const [dh, dw] = dilations;
    const spread = spreadPixels(s, dy, strides);
    const [, spreadH, spreadW] = shape4(spread.shape);
    const top = (kh - 1) * dh - info.padInfo.top;
    const left = (kw - 1) * dw - info.padInfo.left;
    const bottom = inH + (kh - 1) * dh - spreadH - top;
    const right = inW + (kw - 1) * dw - spreadW - left;
    const flipped = s.reshape(s.reverse(filter, [0, 1]), [kh, kw, channels * multiplier, 1]);
    const framed = s.padOrCrop(spread, [[0, 0], [Math.min(top, 0), Math.min(bottom, 0)], [Math.min(left, 0), Math.min(right, 0)], [0, 0]]);
    const pads = explicitPadding(Math.max(top, 0), Math.max(bottom, 0), Math.max(left, 0), Math.max(right, 0));
    const perOutputChannel = s.depthwiseConv2d(framed, flipped, [1, 1], dilations, pads);
    if (multiplier === 1) return perOutputChannel;
    return s.sum(s.reshape(perOutputChannel, [batch, inH, inW, channels, multiplier]), [4]);
  });
};

const depthwiseBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs ?? {};
  const filterShape = shape4(a["filterShape"] as number[]);
  const [kh, kw, channels, multiplier] = filterShape;
  const dilations = pair(a["dilations"]);
  const strides = pair(a["strides"]);
  const xShape = shape4(x.shape);
  const info = backend_util.computeConv2DInfo(
    xShape, filterShape, strides, dilations, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]), true,
  );
  return withScope(backend, (s) => {
    const [batch, inH, inW] = xShape;
    const { outHeight: outH, outWidth: outW } = info;
    const [sh, sw] = strides;
    const [dh, dw] = dilations;
    const reachH = (outH - 1) * sh + (kh - 1) * dh + 1;
    const reachW = (outW - 1) * sw + (kw - 1) * dw + 1;
    const padded = s.padOrCrop(x, [
      [0, 0], [info.padInfo.top, reachH - inH - info.padInfo.top], [info.padInfo.left, reachW - inW - info.padInfo.left], [0, 0],
    ]);
    const dyByChannel = s.reshape(dy, [batch, outH, outW, channels, multiplier]);
    const taps: TensorInfo[] = [];
    for (let r = 0; r < kh; r++) {
      for (let c = 0; c < kw; c++) {
        const seen = s.stridedSlice(
          padded,
          [0, r * dh, c * dw, 0],
          [batch, r * dh + (outH - 1) * sh + 1, c * dw + (outW - 1) * sw + 1, channels],
          [1, sh, sw, 1],
        );
        const product = s.binary("Multiply", s.reshape(seen, [batch, outH, outW, channels, 1]), dyByChannel);
        taps.push(s.sum(product, [0, 1, 2]));
      }
    }
    return s.reshape(s.pack(taps, 0), filterShape);
  });
};

export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropInput",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropInput,
};

export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: "DepthwiseConv2dNativeBackpropFilter",
  backendName: "wasm",
  kernelFunc: depthwiseBackpropFilter,
};

/**
 * `Conv2DBackpropInput` for wasm, replacing the backend's naive loop with one XNNPACK convolution:
 * the output gradient, with stride−1 zeros between its pixels and "full" padding, convolved with the
 * filter flipped in space and with in/out channels swapped.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { explicitPadding, pad4Info, pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import type { Padding4 } from "./attrs.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/**
 * Puts `stride − 1` zeros after every pixel along height and width (the trailing ones included:
 * callers crop them through their padding arithmetic). Zero-copy reshapes around one pad.
 */
export function spreadPixels(s: WasmKernelScope, x: TensorInfo, strides: [number, number]): TensorInfo {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return x;
  const [b, h, w, c] = shape4(x.shape);
  const six = s.reshape(x, [b, h, 1, w, 1, c]);
  const padded = s.pad(six, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  return s.reshape(padded, [b, h * sh, w * sw, c]);
}

/**
 * dx for NHWC `dy` and an HWIO `filter`. `dilations` is the forward dilation (tfjs only asks for 1,
 * but the arithmetic is general).
 */
export function conv2dInputGradient(
  s: WasmKernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  strides: [number, number],
  dilations: [number, number],
  pad: Padding4,
): TensorInfo {
  const [, inH, inW] = inputShape;
  const [kh, kw] = shape4(filter.shape);
  const [dh, dw] = dilations;
  const spread = spreadPixels(s, dy, strides);
  const [, spreadH, spreadW] = shape4(spread.shape);
  // Full padding is (k−1)·d on each side, less what the forward pass padded; the bottom amount makes
  // the result exactly the input size (and removes the spread's trailing zeros).
  const top = (kh - 1) * dh - pad.top;
  const left = (kw - 1) * dw - pad.left;
  const bottom = inH + (kh - 1) * dh - spreadH - top;
  const right = inW + (kw - 1) * dw - spreadW - left;
  const flipped = s.transpose(s.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  if (top >= 0 && left >= 0 && bottom >= 0 && right >= 0) {
    return s.conv2d(spread, flipped, [1, 1], dilations, explicitPadding(top, bottom, left, right));
  }
  // Negative amounts (explicit forward padding larger than the filter reach) crop instead.
  const framed = s.padOrCrop(spread, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  return s.conv2d(framed, flipped, [1, 1], dilations, explicitPadding(0, 0, 0, 0));
}

const conv2dBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs ?? {};
  const channelsFirst = a["dataFormat"] === "NCHW";
  const given = shape4(a["inputShape"] as number[]);
  const inputShape: [number, number, number, number] = channelsFirst ? [given[0], given[2], given[3], given[1]] : given;
  return withScope(backend, (s) => {
    const dyNhwc = channelsFirst ? s.transpose(dy, [0, 2, 3, 1]) : dy;
    const info = backend_util.computeConv2DInfo(
      inputShape, shape4(filter.shape), pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
    );
    const dx = conv2dInputGradient(s, dyNhwc, filter, inputShape, pair(a["strides"]), [1, 1], pad4Info(info.padInfo));
    return channelsFirst ? s.transpose(dx, [0, 3, 1, 2]) : dx;
  });
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput,
};

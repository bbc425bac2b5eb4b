/**
 * `Conv2DBackpropFilter` for wasm (the backend has none), as one XNNPACK convolution.
 *
 * dW[kh, kw, ci, co] = Σ_{b,i,j} x[b, i·s + kh·d − pad, j·s + kw·d − pad, ci] · dy[b, i, j, co]
 *
 * That is a convolution where input channels play the batch, the batch plays the input channels and
 * the output gradient is the filter: input x' = x transposed to [ci, H, W, b], filter dy' = dy
 * transposed to [OH, OW, b, co], stride = the forward dilation, dilation = the forward stride, the
 * forward padding. Its [ci, kh, kw, co] output, cropped to the filter size and transposed, is dW.
 */
import { backend_util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { explicitPadding, pad4Info, pair, padAttr, roundingMode, shape4 } from "./attrs.js";
import { withScope } from "./wasm-scope.js";
import type { WasmKernelScope } from "./wasm-scope.js";

/** The composition itself, for NHWC `x` and `dy`; shared with callers that already hold a scope. */
export function conv2dFilterGradient(
  s: WasmKernelScope,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: [number, number, number, number],
  strides: [number, number],
  dilations: [number, number],
  pad: { top: number; bottom: number; left: number; right: number },
): TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const xT = s.transpose(x, [3, 1, 2, 0]);
  const dyT = s.transpose(dy, [1, 2, 0, 3]);
  const out = s.conv2d(xT, dyT, dilations, strides, explicitPadding(pad.top, pad.bottom, pad.left, pad.right));
  // The convolution can reach past the last filter tap when the forward pass ignored trailing rows.
  const cropped = s.slice(out, [0, 0, 0, 0], [ci, kh, kw, co]);
  return s.transpose(cropped, [1, 2, 0, 3]);
}

const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs ?? {};
  const channelsFirst = a["dataFormat"] === "NCHW";
  const filterShape = shape4(a["filterShape"] as number[]);
  return withScope(backend, (s) => {
    const xNhwc = channelsFirst ? s.transpose(x, [0, 2, 3, 1]) : x;
    const dyNhwc = channelsFirst ? s.transpose(dy, [0, 2, 3, 1]) : dy;
    const info = backend_util.computeConv2DInfo(
      shape4(xNhwc.shape), filterShape, pair(a["strides"]), 1, padAttr(a["pad"]), roundingMode(a["dimRoundingMode"]),
    );
    return conv2dFilterGradient(s, xNhwc, dyNhwc, filterShape, pair(a["strides"]), [1, 1], pad4Info(info.padInfo));
  });
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter,
};

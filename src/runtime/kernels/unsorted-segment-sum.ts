/**
 * `UnsortedSegmentSum` for wasm (missing there; `tf.gather`'s gradient needs it, so Embedding could not
 * train). One `ScatterNd`, which adds updates that land on the same row. Ids outside
 * `[0, numSegments)` contribute nothing, as on the `cpu` backend: their rows are zeroed and sent to
 * row 0 (ScatterNd itself does not check bounds).
 */
import { util } from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { withScope } from "./wasm-scope.js";

const unsortedSegmentSum: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number((attrs ?? {})["numSegments"]);
  return withScope(backend, (s) => {
    const rows = util.sizeFromShape(segmentIds.shape);
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const rowSize = util.sizeFromShape(rowShape);
    const ids = s.cast(s.reshape(segmentIds, [rows]), "int32");
    const inRange = s.binary(
      "LogicalAnd",
      s.binary("GreaterEqual", ids, s.fill([], 0, "int32")),
      s.binary("Less", ids, s.fill([], numSegments, "int32")),
    );
    const safeIds = s.binary("Multiply", ids, s.cast(inRange, "int32"));
    const keep = s.reshape(s.cast(inRange, x.dtype), [rows, 1]);
    const updates = s.binary("Multiply", s.reshape(x, [rows, rowSize]), keep);
    const summed = s.run("ScatterNd", { indices: s.reshape(safeIds, [rows, 1]), updates }, { shape: [numSegments, rowSize] });
    return s.reshape(summed, [numSegments, ...rowShape]);
  });
};

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum,
};

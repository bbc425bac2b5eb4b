/**
 * The `idx(...)` data source: MNIST-format image and label files. Small files load into memory; files
 * whose declared payload exceeds the stream threshold are read again on every pass through `tf.data`.
 */
import * as tf from "@tensorflow/tfjs";
import type { IdxSource } from "../config.js";
import { dataError, DAMAGED_FILE_HINT } from "./data-error.js";
import { decodeIdxElements, openIdx, readIdxHeader, type IdxHeader } from "./idx-reader.js";
import { encodeLabels } from "./labels.js";
import { resolveDataPath } from "./data-path.js";
import { checkSampleElements, effectiveLimit, fitSampleShape, soleInput, soleOutput, type SourceContext, type SourceResult } from "./source.js";
import { splitDataset, trainCount } from "./split.js";
import type { InMemoryDataset, SampleArray, StreamingDataset } from "./types.js";

/** Checks both headers agree and have the dimensions of images `[n, rows, cols(, channels)]` and labels `[n]`. */
function checkHeaders(imagesFile: string, labelsFile: string, img: IdxHeader, lab: IdxHeader): void {
  if (img.dims.length !== 3 && img.dims.length !== 4) {
    throw dataError("MFG4106", imagesFile, `IDX images must have 3 dimensions [n, rows, cols] (or 4 with channels), found ${img.dims.length}: [${img.dims.join(", ")}] (header byte 3)`, 3, [
      img.dims.length === 1 && lab.dims.length >= 3 ? "`images` and `labels` look swapped: exchange the two paths" : "give `images` the IDX file of images [n, rows, cols] (such as MNIST's `train-images-idx3-ubyte.gz`)",
    ]);
  }
  if (lab.dims.length !== 1) {
    throw dataError("MFG4106", labelsFile, `IDX labels must have 1 dimension [n], found ${lab.dims.length}: [${lab.dims.join(", ")}] (header byte 3)`, 3, [
      "give `labels` the IDX file of labels [n] (such as MNIST's `train-labels-idx1-ubyte.gz`)",
    ]);
  }
  if (img.dims[0] !== lab.dims[0]) {
    throw dataError("MFG4105", labelsFile, `labels file declares ${lab.dims[0]} labels (byte 4), but images file declares ${img.dims[0]} images`, 4, [
      "pair the images with their own labels file (the training images with the training labels, the test images with the test labels)",
    ]);
  }
}

function imageSampleShape(h: IdxHeader): number[] {
  return h.dims.length === 3 ? [h.dims[1]!, h.dims[2]!, 1] : [h.dims[1]!, h.dims[2]!, h.dims[3]!];
}

/** Reads `count` records of an IDX file into floats. */
async function readAll(file: string, count: number, scale: number): Promise<{ header: IdxHeader; values: Float32Array }> {
  const opened = await openIdx(file, count);
  const perRecord = opened.header.dims.slice(1).reduce((a, b) => a * b, 1);
  const elementBytes = opened.header.recordBytes / perRecord;
  checkSampleElements(count, perRecord, file);
  const values = new Float32Array(count * perRecord);
  let at = 0;
  for await (const block of opened.blocks) {
    decodeIdxElements(block, opened.header.typeCode, values, at, scale);
    at += block.byteLength / elementBytes;
  }
  return { header: opened.header, values };
}

/** Loads an `idx(...)` source (split off validation when the context asks). */
export async function loadIdx(src: IdxSource, ctx: SourceContext): Promise<SourceResult> {
  const imagesFile = await resolveDataPath(ctx.specDir, src.images, ctx.dataRoots);
  const labelsFile = await resolveDataPath(ctx.specDir, src.labels, ctx.dataRoots);
  const [imgHeader, labHeader] = [await readIdxHeader(imagesFile), await readIdxHeader(labelsFile)];
  checkHeaders(imagesFile, labelsFile, imgHeader, labHeader);
  const input = soleInput(ctx.signature, imagesFile);
  const output = soleOutput(ctx.signature, labelsFile);
  const sampleShape = fitSampleShape(imageSampleShape(imgHeader), input.shape.slice(1), imagesFile, input.name);
  const limit = effectiveLimit(src.limit, ctx.limit);
  if (src.keepLabels !== undefined) {
    if (imgHeader.payloadBytes > ctx.streamThresholdBytes) {
      throw dataError("MFG4706", imagesFile, `\`keep_labels\` selects samples in memory, but these IDX files (${imgHeader.payloadBytes} bytes) are above the streaming threshold (${ctx.streamThresholdBytes} bytes)`, 0, [
        "write the selected samples to their own IDX files, or use fewer samples",
      ]);
    }
    return loadIdxSelected(src, src.keepLabels, ctx, { imagesFile, labelsFile, imgHeader, labHeader, input, output, sampleShape, limit });
  }
  const n = limit === null ? imgHeader.dims[0]! : Math.min(limit, imgHeader.dims[0]!);
  if (n === 0) throw dataError("MFG4502", imagesFile, "the IDX files contain no samples", 0, ["point `images` and `labels` at IDX files that hold samples"]);

  if (imgHeader.payloadBytes > ctx.streamThresholdBytes) {
    const full = idxStream(imagesFile, labelsFile, src.scale, input.name, sampleShape, output, 0, n);
    if (ctx.validationSplit === null) return { train: full, validation: null, normalization: null, classNames: null };
    const nTrain = trainCount(n, ctx.validationSplit, imagesFile);
    return {
      train: idxStream(imagesFile, labelsFile, src.scale, input.name, sampleShape, output, 0, nTrain),
      validation: idxStream(imagesFile, labelsFile, src.scale, input.name, sampleShape, output, nTrain, n),
      normalization: null,
      classNames: null,
    };
  }

  const images = await readAll(imagesFile, n, src.scale);
  const labels = await readAll(labelsFile, n, 1);
  const labelBytes = labHeader.recordBytes;
  const targets = encodeLabels(labels.values, output.shape, output.loss, (i) => ({
    file: labelsFile,
    where: `label #${i} (byte ${labHeader.headerBytes + i * labelBytes})`,
    offset: labHeader.headerBytes + i * labelBytes,
  }));
  const x: SampleArray = { data: images.values, sampleShape, dtype: input.dtype === "int32" ? "int32" : "float32" };
  const xs: SampleArray = x.dtype === "int32" ? { ...x, data: Int32Array.from(images.values) } : x;
  const ds: InMemoryDataset = { kind: "memory", size: n, inputs: { [input.name]: xs }, targets: { [output.name]: targets } };
  if (ctx.validationSplit === null) return { train: ds, validation: null, normalization: null, classNames: null };
  const { train, validation } = splitDataset(ds, ctx.validationSplit, imagesFile);
  return { train, validation, normalization: null, classNames: null };
}

interface IdxFiles {
  readonly imagesFile: string;
  readonly labelsFile: string;
  readonly imgHeader: IdxHeader;
  readonly labHeader: IdxHeader;
  readonly input: SourceContext["signature"]["inputs"][number];
  readonly output: SourceContext["signature"]["outputs"][number];
  readonly sampleShape: readonly number[];
  readonly limit: number | null;
}

/**
 * `keep_labels`: the samples whose label is listed, in file order, relabelled by their label's position
 * in the list; `limit` counts kept samples. Reads only as far into the files as the last kept sample.
 */
async function loadIdxSelected(src: IdxSource, keep: readonly number[], ctx: SourceContext, f: IdxFiles): Promise<SourceResult> {
  const all = await readAll(f.labelsFile, f.labHeader.dims[0]!, 1);
  const newId = new Map(keep.map((label, i) => [label, i] as const));
  const picked: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < all.values.length && (f.limit === null || picked.length < f.limit); i++) {
    const id = newId.get(all.values[i]!);
    if (id === undefined) continue;
    picked.push(i);
    labels.push(id);
  }
  if (picked.length === 0) {
    throw dataError("MFG4502", f.labelsFile, `no sample has one of the labels ${keep.join(", ")} (\`keep_labels\`)`, 0, [
      "list labels as the labels file stores them (e.g. 0 to 9 for MNIST's ten classes)",
    ]);
  }
  const images = await readAll(f.imagesFile, picked[picked.length - 1]! + 1, src.scale);
  const per = f.sampleShape.reduce((a, b) => a * b, 1);
  const x = f.input.dtype === "int32" ? new Int32Array(picked.length * per) : new Float32Array(picked.length * per);
  picked.forEach((at, k) => x.set(images.values.subarray(at * per, (at + 1) * per), k * per));
  const labelBytes = f.labHeader.recordBytes;
  const targets = encodeLabels(labels, f.output.shape, f.output.loss, (k) => ({
    file: f.labelsFile,
    where: `label #${picked[k]} (byte ${f.labHeader.headerBytes + picked[k]! * labelBytes}, kept as class ${labels[k]})`,
    offset: f.labHeader.headerBytes + picked[k]! * labelBytes,
  }));
  const ds: InMemoryDataset = {
    kind: "memory",
    size: picked.length,
    inputs: { [f.input.name]: { data: x, sampleShape: [...f.sampleShape], dtype: f.input.dtype === "int32" ? "int32" : "float32" } },
    targets: { [f.output.name]: targets },
  };
  if (ctx.validationSplit === null) return { train: ds, validation: null, normalization: null, classNames: null };
  const { train, validation } = splitDataset(ds, ctx.validationSplit, f.imagesFile);
  return { train, validation, normalization: null, classNames: null };
}

/** Samples held in the shuffle buffer of a streamed split. */
const SHUFFLE_BUFFER = 1024;

/**
 * A streamed IDX split: records `[start, end)`, read in chunks on every pass (nothing but the shuffle
 * buffer is held in memory). Labels are validated as they are read, so a bad label fails the epoch
 * that reaches it with the same diagnostic as the in-memory path.
 */
export function idxStream(
  imagesFile: string,
  labelsFile: string,
  scale: number,
  inputName: string,
  sampleShape: readonly number[],
  output: SourceContext["signature"]["outputs"][number],
  start: number,
  end: number,
): StreamingDataset {
  async function* samples(): AsyncGenerator<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }> {
    const img = await openIdx(imagesFile, end);
    const lab = await openIdx(labelsFile, end);
    const per = sampleShape.reduce((a, b) => a * b, 1);
    const imgRecordBytes = img.header.recordBytes;
    const labIter = lab.blocks;
    let labBuf: Uint8Array = new Uint8Array(0);
    let index = 0;
    try {
      for await (const block of img.blocks) {
        for (let off = 0; off < block.byteLength; off += imgRecordBytes, index++) {
          while (labBuf.byteLength < lab.header.recordBytes) {
            const next = await labIter.next();
            if (next.done) throw dataError("MFG4105", labelsFile, `labels file ends before image #${index}`, 0, [DAMAGED_FILE_HINT]);
            labBuf = labBuf.byteLength === 0 ? next.value : concat(labBuf, next.value);
          }
          const labelBytes = labBuf.subarray(0, lab.header.recordBytes);
          labBuf = labBuf.subarray(lab.header.recordBytes);
          if (index < start) continue;
          const pixels = new Float32Array(per);
          decodeIdxElements(block.subarray(off, off + imgRecordBytes), img.header.typeCode, pixels, 0, scale);
          const labelValue = new Float32Array(1);
          decodeIdxElements(labelBytes, lab.header.typeCode, labelValue, 0);
          const at = lab.header.headerBytes + index * lab.header.recordBytes;
          const encoded = encodeLabels(labelValue, output.shape, output.loss, () => ({ file: labelsFile, where: `label #${index} (byte ${at})`, offset: at }));
          yield {
            xs: { [inputName]: tf.tensor(pixels, [...sampleShape], "float32") },
            ys: { [output.name]: tf.tensor(encoded.data, [...encoded.sampleShape], encoded.dtype) },
          };
        }
      }
    } finally {
      img.close();
      lab.close();
    }
  }
  return {
    kind: "stream",
    size: end - start,
    dataset(epochSeed, batchSize, shuffle) {
      let ds = tf.data.generator(samples as unknown as () => Iterator<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }>);
      if (shuffle) ds = ds.shuffle(SHUFFLE_BUFFER, String(epochSeed));
      return ds.batch(batchSize) as unknown as tf.data.Dataset<{ xs: Record<string, tf.Tensor>; ys: Record<string, tf.Tensor> }>;
    },
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

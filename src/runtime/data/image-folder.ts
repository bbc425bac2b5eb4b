/**
 * The `image_folder(...)` source: one sub-folder per class (sorted names give class ids 0, 1, …),
 * PNG/JPEG files inside (sorted by name, so the sample order never depends on the file system).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ImageFolderSource } from "../config.js";
import { dataError, fileErrorHint } from "./data-error.js";
import { excerpt } from "../../diagnostics/escape.js";
import { decodeImage, resizeToFloats } from "./image-decode.js";
import { encodeLabels } from "./labels.js";
import { openDataFile, resolveDataPath } from "./data-path.js";
import { checkSampleElements, effectiveLimit, fitSampleShape, soleInput, soleOutput, type SourceContext, type SourceResult } from "./source.js";
import { splitDataset } from "./split.js";
import type { InMemoryDataset } from "./types.js";
import { maxOf } from "../../util/arrays.js";

/** Files and their class ids, interleaved by class (round-robin) so a validation split holds every class. */
async function listSamples(root: string): Promise<{ classNames: string[]; files: { file: string; label: number }[] }> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (e) {
    throw dataError("MFG4001", root, `cannot read image folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [fileErrorHint(e)]);
  }
  const classNames = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort();
  if (classNames.length === 0) throw dataError("MFG4301", root, "image folder has no class sub-folders; expected one sub-folder of images per class", 0, [
      "put each class's images in a sub-folder named after the class, e.g. `cats/` and `dogs/`",
    ]);
  const perClass: string[][] = [];
  for (const name of classNames) {
    const dir = path.join(root, name);
    const files = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name).sort();
    perClass.push(files.map((f) => path.join(dir, f)));
  }
  const files: { file: string; label: number }[] = [];
  const longest = maxOf(perClass.map((c) => c.length), 0);
  for (let i = 0; i < longest; i++) perClass.forEach((c, label) => c[i] !== undefined && files.push({ file: c[i]!, label }));
  return { classNames, files };
}

export async function loadImageFolder(src: ImageFolderSource, ctx: SourceContext): Promise<SourceResult> {
  const root = await resolveDataPath(ctx.specDir, src.path, ctx.dataRoots, "folder");
  const { classNames, files: all } = await listSamples(root);
  const limit = effectiveLimit(src.limit, ctx.limit);
  const files = limit === null ? all : all.slice(0, limit);
  if (files.length === 0) throw dataError("MFG4502", root, "image folder contains no image files", 0, ["put the images (PNG or JPEG) into the class sub-folders"]);
  const input = soleInput(ctx.signature, root);
  const output = soleOutput(ctx.signature, root);
  const [height, width] = src.size;
  const channels = src.color === "rgb" ? 3 : 1;
  const sampleShape = fitSampleShape([height, width, channels], input.shape.slice(1), root, input.name);
  const per = height * width * channels;
  checkSampleElements(files.length, per, root);
  const x = new Float32Array(files.length * per);
  for (const [i, { file }] of files.entries()) {
    const fh = await openDataFile(file);
    let bytes: Buffer;
    try {
      bytes = await fh.readFile();
    } catch (e) {
      throw dataError("MFG4001", file, `cannot read image: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [fileErrorHint(e)]);
    } finally {
      await fh.close();
    }
    resizeToFloats(decodeImage(bytes, file), width, height, channels, src.scale, x, i * per);
  }
  const targets = encodeLabels(files.map((f) => f.label), output.shape, output.loss, (i) => ({ file: files[i]!.file, where: `class folder \`${excerpt(classNames[files[i]!.label]!)}\``, offset: 0 }));
  const ds: InMemoryDataset = { kind: "memory", size: files.length, inputs: { [input.name]: { data: x, sampleShape, dtype: "float32" } }, targets: { [output.name]: targets } };
  if (ctx.validationSplit === null) return { train: ds, validation: null, normalization: null, classNames };
  const { train, validation } = splitDataset(ds, ctx.validationSplit, root);
  return { train, validation, normalization: null, classNames };
}

import type { CodeInfo } from "./entry.js";

/**
 * MFG4xxx — Data (files, formats, values found while loading training data). Codes are stable: never
 * renumber or reuse one. MFG40xx files in general, MFG41xx IDX, MFG42xx CSV and windows, MFG43xx image
 * folders, MFG44xx synthetic generators, MFG45xx matching data to the model, MFG49xx the training run.
 */
export const DATA_CODES = {
  MFG4001: { severity: "error", title: "Data file or folder not found or unreadable" },
  MFG4002: { severity: "error", title: "Compressed data file is corrupt" },
  MFG4101: { severity: "error", title: "IDX file has a wrong magic number" },
  MFG4102: { severity: "error", title: "IDX file has an unsupported element type" },
  MFG4103: { severity: "error", title: "IDX file is truncated" },
  MFG4104: { severity: "error", title: "IDX file is longer than its header declares (possible decompression bomb)" },
  MFG4105: { severity: "error", title: "IDX images and labels disagree on the number of samples" },
  MFG4106: { severity: "error", title: "IDX file has the wrong number of dimensions" },
  MFG4107: { severity: "error", title: "Label value out of range for the model's output" },
  MFG4201: { severity: "error", title: "CSV file is malformed" },
  MFG4202: { severity: "error", title: "Unknown CSV column" },
  MFG4203: { severity: "error", title: "CSV row has the wrong number of cells" },
  MFG4204: { severity: "error", title: "Empty CSV cell" },
  MFG4205: { severity: "error", title: "Non-numeric CSV cell" },
  MFG4206: { severity: "error", title: "CSV cell is NaN or infinite" },
  MFG4207: { severity: "error", title: "CSV file has no data rows" },
  MFG4208: { severity: "error", title: "No time-series window fits in the data" },
  MFG4301: { severity: "error", title: "Image folder has no class sub-folders" },
  MFG4302: { severity: "error", title: "Image file cannot be decoded" },
  MFG4303: { severity: "error", title: "Image exceeds the size limits" },
  MFG4304: { severity: "error", title: "Unsupported image file type" },
  MFG4401: { severity: "error", title: "Unknown synthetic data generator" },
  MFG4402: { severity: "error", title: "Synthetic generator cannot produce the model's inputs or outputs" },
  MFG4501: { severity: "error", title: "Data does not match the model's inputs or outputs" },
  MFG4502: { severity: "error", title: "Not enough samples" },
  MFG4901: { severity: "error", title: "Training diverged: loss is NaN or infinite" },
  MFG4902: { severity: "error", title: "Checkpoint belongs to a different spec" },
  MFG4903: { severity: "error", title: "Training would need more memory than the run's budget" },
  MFG4904: { severity: "error", title: "A data split is too large to hold in memory" },
  MFG4905: { severity: "error", title: "A data path leads outside the spec's project (allow its folder with --data-root)" },
  MFG4906: { severity: "error", title: "A data path is not a regular file (a FIFO, a device or a kernel pseudo-file)" },
  MFG4907: { severity: "error", title: "The run folder is in use by another run (its lock is held)" },
  MFG4908: { severity: "error", title: "The run folder already holds a run (continue it with --resume, replace it with --overwrite)" },
} as const satisfies Record<`MFG4${string}`, CodeInfo>;

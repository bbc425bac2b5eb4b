/**
 * The report page's data: everything the page script draws, as JSON embedded in the HTML. Charts are
 * Chart.js configurations built here (typed by chart.js's own declarations); the page only instantiates
 * them, adds the few callbacks JSON cannot carry (matrix cell sizes) and lays out the model graph with dagre.
 */
import type { ChartConfiguration } from "chart.js";
import type { MatrixDataPoint } from "chartjs-chart-matrix";

/** An (x, y) point of a line or scatter chart. */
export interface XY {
  x: number;
  y: number;
}

/** The chart kinds the report uses, each with its data type (Chart.js's generics are invariant in the kind). */
export type ReportChartConfig =
  | ChartConfiguration<"line", XY[]>
  | ChartConfiguration<"scatter", XY[]>
  | ChartConfiguration<"bar", number[], string>
  | ChartConfiguration<"matrix", (MatrixDataPoint & { x: string; y: string; v: number })[], string>;

/** One chart. `matrix` charts need their grid size for cell widths. */
export interface ChartView {
  readonly id: string;
  readonly title: string;
  readonly config: ReportChartConfig;
  readonly matrix?: { readonly columns: number; readonly rows: number };
  /** Taller charts (large confusion matrices, long feature lists). */
  readonly height?: number;
}

export interface TableView {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers (right-aligned). */
  readonly numeric?: readonly number[];
}

/** The model as a graph: the page lays it out top to bottom with dagre. */
export interface GraphView {
  readonly nodes: readonly { readonly id: string; readonly lines: readonly string[]; readonly role: "input" | "output" | "layer"; readonly frozen: boolean }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export interface ImageView {
  readonly title: string;
  /** `data:image/png;base64,…` (the page fetches nothing). */
  readonly src: string;
}

export interface SectionView {
  readonly title: string;
  readonly notes?: readonly string[];
  readonly facts?: readonly (readonly [string, string])[];
  readonly charts?: readonly ChartView[];
  readonly tables?: readonly TableView[];
  readonly graph?: GraphView;
  readonly images?: readonly ImageView[];
  /** Preformatted text (the settings as JSON). */
  readonly pre?: string;
}

export interface RunView {
  readonly name: string;
  readonly color: string;
  readonly status: string;
  readonly sections: readonly SectionView[];
}

export interface ReportView {
  readonly title: string;
  readonly generator: string;
  /** Curves of every run overlaid, one chart per loss/metric, then the learning rate. */
  readonly curves: readonly ChartView[];
  readonly runs: readonly RunView[];
}

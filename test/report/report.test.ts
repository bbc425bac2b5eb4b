/**
 * The report without a browser: what it reads from a run folder (tolerating missing and extra data),
 * what it embeds, and that `mfgc train`'s reporter refreshes it after every epoch.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { trainReporter } from "../../src/cli/commands/train-report.js";
import { CONTENT_SECURITY_POLICY, jsonForScript, renderHtml } from "../../src/report/html.js";
import { inlineLibraries } from "../../src/report/assets.js";
import { NotARunError, readRunFolder, renderReport } from "../../src/report/index.js";
import { curveNames } from "../../src/report/charts.js";
import { graphView, reportView } from "../../src/report/view.js";
import type { ReportView } from "../../src/report/view-types.js";
import { runTraining } from "../../src/runtime/index.js";
import { baseConfig, blobs, mlp, tempDir } from "../runtime/helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const quiet = { specDir: "/", specHash: "r1", backend: "cpu", log: () => {} } as const;

/** The view embedded in a report page. */
function embedded(html: string): ReportView {
  const m = /<script type="application\/json" id="mfgc-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m![1]!) as ReportView;
}

describe("reading run folders", () => {
  it("refuses a folder that is not a run", () => {
    const dir = tempDir();
    expect(() => readRunFolder(dir)).toThrow(NotARunError);
    expect(() => readRunFolder(path.join(dir, "missing"))).toThrow(NotARunError);
  });

  it("shows a run in progress from metrics.jsonl alone, skipping a torn last line and ignoring unknown fields", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "metrics.jsonl"), '{"epoch":1,"logs":{"loss":1.5,"val_loss":1.7},"lr":0.001,"seconds":2,"gpu":"x"}\n{"epoch":2,"logs":{"loss":1.2');
    const run = readRunFolder(dir);
    expect(run.history).toEqual([{ epoch: 1, logs: { loss: 1.5, val_loss: 1.7 }, lr: 0.001, seconds: 2 }]);
    expect(run.info).toBeNull();
    expect(run.report).toBeNull();
    const view = reportView([run], "test");
    expect(view.runs[0]!.status).toBe("1 epoch recorded");
    expect(view.curves.map((c) => c.id)).toEqual(["curve-loss", "curve-lr"]);
  });
});

describe("the page", () => {
  it("inlines Chart.js, the matrix plug-in and dagre, forbids every fetch, and embeds text safely", () => {
    expect(inlineLibraries().map((l) => l.name)).toEqual(["chart.js", "chartjs-chart-matrix", "@dagrejs/dagre"]);
    const hostile = "</script><script>alert(1)</script>";
    const html = renderHtml({ title: hostile, generator: "g", curves: [], runs: [{ name: hostile, color: "#000", status: "s", sections: [] }] });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    // No element loads anything: no src/href attributes outside the inlined code.
    expect(html.match(/<(script|link|img|iframe)[^>]*\s(src|href)=/gi)).toBeNull();
    // The hostile name never closes a script element; it survives the round trip through the JSON.
    expect(html).not.toContain("</script><script>alert");
    expect(embedded(html).runs[0]!.name).toBe(hostile);
    expect(jsonForScript({ a: "<\u2028" })).toBe('{"a":"\\u003c\\u2028"}');
  });

  it("orders curves loss first and folds validation into its metric", () => {
    const h = (epoch: number, logs: Record<string, number>) => ({ epoch, logs, lr: 0.1, seconds: 1 });
    expect(curveNames([{ name: "a", color: "#000", history: [h(1, { accuracy: 0.5, loss: 1, val_accuracy: 0.4, val_loss: 2, f1: 0.3 })] }])).toEqual(["loss", "accuracy", "f1"]);
  });
});

describe("a trained run's report", () => {
  it("is refreshed after every epoch while training, then shows the finished run", async () => {
    const outDir = tempDir();
    mkdirSync(outDir, { recursive: true });
    const io = { stdout: () => {}, stderr: (s: string) => appendFileSync(path.join(outDir, "stderr.txt"), s), color: false };
    const reporter = trainReporter(outDir, { specPath: "specs/x.mfgnet", specHash: "r1", passes: [], source: undefined }, io);
    const during: ReportView[] = [];
    const r = await runTraining({
      ...quiet,
      buildModel: mlp(4, 3),
      config: baseConfig(blobs(), { data: { train: blobs(), validation: { kind: "split", fraction: 0.25 }, test: blobs(40) } }),
      outDir,
      onEpochEnd: () => {
        reporter.refresh();
        during.push(embedded(readFileSync(path.join(outDir, "report.html"), "utf8")));
      },
    });
    reporter.finish();
    r.model.dispose();
    // After epoch k of 3 the page says so and every curve has k points.
    expect(during.map((v) => v.runs[0]!.status)).toEqual(["training: epoch 1 of 3 done", "training: epoch 2 of 3 done", "training: epoch 3 of 3 done"]);
    expect(during.map((v) => (v.curves[0]!.config.data.datasets[0]!.data as unknown[]).length)).toEqual([1, 2, 3]);
    const final = embedded(readFileSync(path.join(outDir, "report.html"), "utf8"));
    expect(final.runs[0]!.status).toBe("finished: 3 epochs");
    const titles = final.runs[0]!.sections.map((s) => s.title);
    expect(titles).toEqual(["run", "output `probs` (classification) on the test set", "class balance per split", "model `model1`", "optimization passes", "settings (as run)"].map((t) => (t.startsWith("model") ? expect.stringMatching(/^model `/) : t)));
  });

  it("renders several runs with their curves overlaid", async () => {
    const dirs = [tempDir(), tempDir()];
    for (const [i, outDir] of dirs.entries()) {
      const r = await runTraining({ ...quiet, buildModel: mlp(4, 3), config: baseConfig(blobs(), { epochs: 2 + i }), outDir });
      r.model.dispose();
    }
    const view = embedded(renderReport(dirs.map((d) => readRunFolder(d)), "0.0.0"));
    expect(view.runs).toHaveLength(2);
    // Runs of 2 and 3 epochs, training and validation each.
    expect(view.curves[0]!.config.data.datasets.map((d) => (d.data as unknown[]).length)).toEqual([2, 2, 3, 3]);
  });

  it("lays the model out from run-info's graph: nodes per layer, edges from inputs, frozen layers marked", () => {
    const g = graphView({
      graph: {
        name: "m",
        inputs: ["x"],
        outputs: ["y"],
        totalParams: 10,
        trainableParams: 5,
        layers: [
          { name: "x", className: "InputLayer", outputShape: [null, 4], params: 0, trainableParams: 0, trainable: false, inputs: [] },
          { name: "a", className: "Dense", outputShape: [null, 1], params: 5, trainableParams: 0, trainable: false, inputs: ["x"] },
          { name: "b", className: "Dense", outputShape: [null, 1], params: 5, trainableParams: 5, trainable: true, inputs: ["x"] },
          { name: "y", className: "Add", outputShape: [null, 1], params: 0, trainableParams: 0, trainable: true, inputs: ["a", "b"] },
        ],
      },
    } as never);
    expect(g.edges).toEqual([
      { from: "x", to: "a" },
      { from: "x", to: "b" },
      { from: "a", to: "y" },
      { from: "b", to: "y" },
    ]);
    expect(g.nodes.map((n) => [n.id, n.role, n.frozen])).toEqual([
      ["x", "input", false],
      ["a", "layer", true],
      ["b", "layer", false],
      ["y", "output", false],
    ]);
    expect(g.nodes[1]!.lines).toEqual(["a: Dense", "(None, 1)", "5 params (frozen)"]);
  });
});

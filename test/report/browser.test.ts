/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * A short run of the README's tutorial spec (and of the turbofan spec, for ROC/PR and residuals, with
 * two runs overlaid): the page loads with no console errors, requests nothing but itself, and every
 * chart holds the number of points the run implies.
 *
 * Refresh the screenshot in docs/ with `MFGC_UPDATE_SCREENSHOT=1 npx vitest run test/report/browser.test.ts`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunInfo } from "../../src/runtime/train/run-info.js";
import type { TrainReport } from "../../src/runtime/train/report.js";
import { mfgc } from "../cli/run-cli.js";
import { writeFashionTestImage } from "../explain/fixtures.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHROMIUM = "/usr/bin/chromium";
const FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
const skip = !existsSync(CHROMIUM) || !existsSync(FASHION);
if (skip) console.warn(`browser report test skipped: needs ${CHROMIUM} (apt-get install chromium) and ${FASHION} (dataset-fashion-mnist)`);

mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const RUNS = mkdtempSync(join(ROOT, ".tmp", "report-browser-"));
let browser: Browser | undefined;

interface PageCheck {
  readonly errors: string[];
  readonly requests: string[];
  /** Chart id → points per dataset, read from the live Chart.js instances. */
  readonly charts: Record<string, number[]>;
  readonly labels: Record<string, string[]>;
}

async function open(file: string, screenshot?: string): Promise<PageCheck & { page: Page }> {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  const { charts, labels } = await page.evaluate(() => {
    const g = globalThis as unknown as { Chart: { getChart(c: unknown): { data: { labels?: unknown[]; datasets: { data: unknown[] }[] }; chartArea?: { width: number } } | undefined }; document: { querySelectorAll(s: string): ArrayLike<{ id: string }> } };
    const charts: Record<string, number[]> = {};
    const labels: Record<string, string[]> = {};
    for (const c of Array.from(g.document.querySelectorAll("canvas[data-chart]"))) {
      const chart = g.Chart.getChart(c);
      // A chart that was not drawn has no chart area.
      if (chart === undefined || chart.chartArea === undefined || chart.chartArea.width <= 0) continue;
      charts[c.id] = chart.data.datasets.map((d) => d.data.length);
      labels[c.id] = (chart.data.labels ?? []).map(String);
    }
    return { charts, labels };
  });
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
  return { page, errors, requests, charts, labels };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

beforeAll(async () => {
  if (skip) return;
  // The tutorial spec, 2 epochs on 256 samples per split (the test set too).
  // Debian's dataset lies outside the project: the run allows its folder (data-path.ts).
  const fashion = await mfgc("train", "specs/fashion_cnn.mfgnet", "--epochs", "2", "--limit", "256", "--out", join(RUNS, "fashion"), "--backend", "wasm", "--data-root", "/usr/share/datasets");
  expect(fashion.code, fashion.stderr).toBe(0);
  const image = writeFashionTestImage(join(RUNS, "ankle-boot.png"), 0);
  const explained = await mfgc("explain", join(RUNS, "fashion"), "--input", image, "--backend", "wasm");
  expect(explained.code, explained.stderr).toBe(0);
  for (const [name, epochs] of [["turbofan-a", "2"], ["turbofan-b", "3"]] as const) {
    const r = await mfgc("train", "specs/turbofan_rul.mfgnet", "--epochs", epochs, "--limit", "300", "--out", join(RUNS, name), "--backend", "wasm");
    expect(r.code, r.stderr).toBe(0);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  rmSync(RUNS, { recursive: true, force: true });
});

describe.skipIf(skip)("the HTML report in Chromium", () => {
  test("the tutorial run's report: offline, no errors, every chart with its points, class names, graph, explanation", async () => {
    const dir = join(RUNS, "fashion");
    const file = join(dir, "report.html");
    const shot = process.env["MFGC_UPDATE_SCREENSHOT"] === "1" ? join(ROOT, "docs", "report-screenshot.png") : join(RUNS, "report.png");
    const { page, errors, requests, charts, labels } = await open(file, shot);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);

    // 2 epochs (--epochs 2, and early stopping's patience of 2 cannot stop sooner): every curve has 2
    // points, training and validation for the loss and each metric of the spec, and the learning rate.
    for (const name of ["loss", "accuracy", "precision", "recall", "f1"]) expect(charts[`curve-${name}`], name).toEqual([2, 2]);
    expect(charts["curve-lr"]).toEqual([2]);
    // 10 classes: a 10×10 confusion matrix, precision/recall/F1 bars per class, three splits' balance.
    expect(charts["r0-probs-confusion"]).toEqual([100]);
    expect(charts["r0-probs-perclass"]).toEqual([10, 10, 10]);
    expect(charts["r0-balance-probs"]).toEqual([10, 10, 10]);
    // The spec's `classes` name the axes.
    const classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
    expect(labels["r0-probs-perclass"]).toEqual(classes);
    // The balance bars add up to the split sizes: --limit 256 caps train+validation and test at 256 each.
    const info = readJson<RunInfo>(join(dir, "run-info.json"));
    expect(info.data.train.size + info.data.validation!.size).toBe(256);
    expect(info.data.test!.size).toBe(256);
    const sums = await page.evaluate(() => {
      const g = globalThis as unknown as { Chart: { getChart(id: string): { data: { datasets: { data: number[] }[] } } } };
      return g.Chart.getChart("r0-balance-probs").data.datasets.map((d) => d.data.reduce((a, b) => a + b, 0));
    });
    expect(sums).toEqual([info.data.train.size, info.data.validation!.size, 256]);
    // The model graph: input + 8 layers of the tutorial CNN, a chain of 8 edges.
    const nodes = await page.locator("svg.graph g.node").evaluateAll((gs) => gs.map((g) => (g as unknown as { getAttribute(n: string): string }).getAttribute("data-layer")));
    expect(nodes).toEqual(["image", "conv2d_1", "maxpool2d_1", "conv2d_2", "maxpool2d_2", "conv2d_3", "flatten_1", "dense_1", "probs"]);
    expect(await page.locator("svg.graph path.edge").count()).toBe(8);
    // The explanation's three pictures are inlined as data: URLs.
    const images = await page.locator("figure.image img").evaluateAll((is) => is.map((i) => (i as unknown as { src: string }).src.slice(0, 22)));
    expect(images).toEqual(["data:image/png;base64,", "data:image/png;base64,", "data:image/png;base64,"]);
    await page.close();
  });

  test("two turbofan runs: overlaid curves, ROC and precision–recall for `fail`, residuals for `rul`", async () => {
    const out = join(RUNS, "turbofan.html");
    const r = await mfgc("report", join(RUNS, "turbofan-a"), join(RUNS, "turbofan-b"), "-o", out);
    expect(r.code, r.stderr).toBe(0);
    const { page, errors, requests, charts } = await open(out);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(out).href]);
    // Run a trained 2 epochs, run b 3: training and validation of each, overlaid.
    expect(charts["curve-loss"]).toEqual([2, 2, 3, 3]);
    expect(charts["curve-rul_mae"]).toEqual([2, 2, 3, 3]);
    expect(charts["curve-lr"]).toEqual([2, 3]);
    for (const [k, run] of ["turbofan-a", "turbofan-b"].entries()) {
      const report = readJson<TrainReport>(join(RUNS, run, "report.json"));
      const fail = report.outputs.find((o) => o.output === "fail")!;
      // ROC: one point per distinct score of the 300 test samples, plus the origin; the chance line has 2.
      expect(charts[`r${k}-fail-roc`]).toEqual([fail.roc!.fpr.length, 2]);
      expect(fail.roc!.fpr.length).toBeGreaterThan(2);
      expect(fail.roc!.fpr.length).toBeLessThanOrEqual(301);
      expect(charts[`r${k}-fail-pr`]).toEqual([fail.pr!.recall.length, 2]);
      expect(charts[`r${k}-fail-confusion`]).toEqual([4]);
      // Residuals of all 300 test samples (--limit 300), with the reference line's 2 points.
      expect(charts[`r${k}-rul-pred`]).toEqual([300, 2]);
      expect(charts[`r${k}-rul-residuals`]).toEqual([300, 2]);
    }
    await page.close();
  });
});

/**
 * Progress output. On a terminal: a `cli-progress` bar with ETA and live loss/metrics, then one summary
 * line per epoch. Otherwise (CI logs, a `log` callback): plain lines, one per epoch, plus a progress
 * line every 30 seconds inside long epochs.
 */
import cliProgress from "cli-progress";

export interface Progress {
  startEpoch(epoch: number, epochs: number, batches: number): void;
  batch(done: number, logs: Readonly<Record<string, number>>): void;
  /** Ends the epoch's bar (if any) and prints `line`. */
  endEpoch(line: string): void;
  line(text: string): void;
  stop(): void;
}

export function formatLogs(logs: Readonly<Record<string, number>>): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
    .join(" · ");
}

export function createProgress(log: (line: string) => void, tty: boolean): Progress {
  if (!tty) {
    let epochLabel = "";
    let total = 0;
    let last = Date.now();
    return {
      startEpoch(epoch, epochs, batches) {
        epochLabel = `epoch ${epoch}/${epochs}`;
        total = batches;
        last = Date.now();
      },
      batch(done, logs) {
        if (Date.now() - last >= 30_000) {
          last = Date.now();
          log(`${epochLabel} batch ${done}/${total} · ${formatLogs(logs)}`);
        }
      },
      endEpoch: (line) => log(line),
      line: (text) => log(text),
      stop() {},
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  return {
    startEpoch(epoch, epochs, batches) {
      bar = new cliProgress.SingleBar(
        { format: `epoch ${epoch}/${epochs} [{bar}] {value}/{total} · ETA {eta_formatted} · {metrics}`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(batches, 0, { metrics: "" });
    },
    batch(done, logs) {
      bar?.update(done, { metrics: formatLogs(logs) });
    },
    endEpoch(line) {
      bar?.stop();
      bar = null;
      log(line);
    },
    line(text) {
      log(text);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** Writes a benchmark's figures to bench/results/<name>.json (+ .md), with the machine they came from. */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";

export function machineInfo(): Record<string, string | number> {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString().slice(0, 10),
  };
}

export function writeResult(name: string, figures: object, markdown: readonly string[]): void {
  const dir = new URL("./results/", import.meta.url);
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify({ machine: machineInfo(), ...figures }, null, 2) + "\n");
  const m = machineInfo();
  writeFileSync(new URL(`${name}.md`, dir), [...markdown, "", `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.date}.`, ""].join("\n"));
}

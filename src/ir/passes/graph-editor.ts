/**
 * A scratch copy of a graph for one rewrite. Passes read the original graph, record edits here, and
 * `finish()` builds the new immutable graph — or returns the original object when nothing changed.
 * Node order is kept (removed nodes drop out, replaced nodes keep their slot), so the result stays
 * topologically ordered with ties by source position, as the IR requires.
 */
import type { IRGraph, IRNode } from "../types.js";

export class GraphEditor {
  private readonly order: string[];
  private readonly nodes = new Map<string, IRNode>();
  private outputs: string[];
  private changed = false;

  constructor(private readonly original: IRGraph) {
    this.order = original.nodes.map((n) => n.id);
    for (const n of original.nodes) this.nodes.set(n.id, n);
    this.outputs = [...original.outputs];
  }

  get(id: string): IRNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`internal: no node \`${id}\` in graph \`${this.original.name}\``);
    return n;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Ids of nodes (in order) that read `id`, plus `"<output>"` entries for each graph output it is. */
  consumers(id: string): string[] {
    const out: string[] = [];
    for (const nid of this.order) {
      const n = this.nodes.get(nid);
      if (n && n.inputs.includes(id)) out.push(nid);
    }
    return out;
  }

  isOutput(id: string): boolean {
    return this.outputs.includes(id);
  }

  /** Replace a node by a patched copy (same id). */
  update(id: string, patch: Partial<Omit<IRNode, "id">>): IRNode {
    const old = this.get(id);
    const next = { ...old, ...patch } as IRNode;
    this.nodes.set(id, next);
    this.changed = true;
    return next;
  }

  /** Point every reader of `from` (nodes and graph outputs) at `to` instead. */
  replaceUses(from: string, to: string): void {
    for (const nid of this.order) {
      const n = this.nodes.get(nid);
      if (n && n.inputs.includes(from)) {
        this.nodes.set(nid, { ...n, inputs: n.inputs.map((i) => (i === from ? to : i)) });
        this.changed = true;
      }
    }
    if (this.outputs.includes(from)) {
      this.outputs = this.outputs.map((o) => (o === from ? to : o));
      this.changed = true;
    }
  }

  /** Remove a node nobody reads any more. */
  remove(id: string): void {
    if (this.consumers(id).length > 0 || this.isOutput(id)) throw new Error(`internal: removing \`${id}\`, which is still used`);
    this.nodes.delete(id);
    const i = this.order.indexOf(id);
    if (i >= 0) this.order.splice(i, 1);
    this.changed = true;
  }

  /**
   * Rename a node (e.g. a fused node takes the user-visible name of the node it absorbed); readers and
   * outputs follow.
   */
  rename(id: string, newId: string, userName: string | undefined): void {
    if (id === newId) return;
    if (this.nodes.has(newId)) throw new Error(`internal: renaming \`${id}\` to existing \`${newId}\``);
    const n = this.get(id);
    const { userName: _drop, ...rest } = n;
    this.nodes.delete(id);
    this.nodes.set(newId, { ...rest, id: newId, ...(userName !== undefined ? { userName } : {}) } as IRNode);
    this.order[this.order.indexOf(id)] = newId;
    for (const nid of this.order) {
      const c = this.nodes.get(nid)!;
      if (c.inputs.includes(id)) this.nodes.set(nid, { ...c, inputs: c.inputs.map((i) => (i === id ? newId : i)) });
    }
    this.outputs = this.outputs.map((o) => (o === id ? newId : o));
    this.changed = true;
  }

  /**
   * Remove a single-input node that returns its input unchanged, pointing its readers at the input. A
   * graph output keeps its name (the model's interface, and what losses are keyed by) by handing it to
   * the input when the input is free to take it — unnamed, not an input or output itself, read only by
   * this node; otherwise the node stays. Returns the rename made, `"removed"`, or `"kept"`.
   */
  bypass(id: string): { readonly from: string; readonly to: string } | "removed" | "kept" {
    const node = this.get(id);
    const input = this.get(node.inputs[0]!);
    if (!this.isOutput(id)) {
      this.replaceUses(id, input.id);
      this.remove(id);
      return "removed";
    }
    const inputVisible = input.userName !== undefined || input.op === "input" || this.isOutput(input.id);
    if (inputVisible || this.consumers(input.id).length !== 1) return "kept";
    this.replaceUses(id, input.id);
    this.remove(id);
    this.rename(input.id, id, node.userName);
    return { from: input.id, to: id };
  }

  finish(): IRGraph {
    if (!this.changed) return this.original;
    return {
      ...this.original,
      nodes: this.order.map((id) => this.nodes.get(id)!),
      outputs: this.outputs,
      inputs: this.original.inputs.filter((id) => this.nodes.has(id)),
    };
  }
}

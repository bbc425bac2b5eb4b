/** In-process helpers for the language server's modules: a document, an offset by marker. */
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type Analysis } from "../../src/lsp/document.js";

/** `text` with `|` marking the cursor: the analysis and the cursor's offset. */
export function at(text: string, form: "dsl" | "yaml" = "dsl"): { a: Analysis; offset: number } {
  const offset = text.indexOf("|");
  if (offset < 0) throw new Error("no | cursor in the text");
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  return { a: open(clean, form), offset };
}

export function open(text: string, form: "dsl" | "yaml" = "dsl", name = "spec"): Analysis {
  const uri = `file:///work/${name}.mfgnet${form === "yaml" ? ".yaml" : ""}`;
  return analyze(TextDocument.create(uri, form === "yaml" ? "yaml" : "mfgnet", 1, text));
}

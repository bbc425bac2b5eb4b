/**
 * Generated TypeScript → ES-module JavaScript that `mfgc train` can import without a TypeScript loader.
 * Each file is transpiled on its own (types are erased, nothing is type-checked: `mfgc build` output is
 * type-checked in tests), and bare module specifiers are replaced by file URLs so the code runs from a
 * run folder anywhere on disk.
 */
import { ts } from "ts-morph";
import type { GeneratedFile } from "../codegen/generate.js";

/**
 * @param files generated `.ts` files (paths relative to one root, `/`-separated)
 * @param specifiers bare specifier → replacement (e.g. `mfgc/runtime` → a `file:` URL); relative
 *   specifiers (`./model.js`) are kept, since the `.js` files keep the `.ts` files' layout
 * @returns one `.js` file per `.ts` file, same paths, with an inline source map to the `.ts` text
 */
export function transpileGenerated(files: readonly GeneratedFile[], specifiers: ReadonlyMap<string, string>): GeneratedFile[] {
  const rewrite: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const { factory } = context;
    const replaced = (spec: ts.Expression | undefined): ts.StringLiteral | undefined =>
      spec !== undefined && ts.isStringLiteral(spec) && specifiers.has(spec.text) ? factory.createStringLiteral(specifiers.get(spec.text)!) : undefined;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node)) {
        const to = replaced(node.moduleSpecifier);
        if (to) return factory.updateImportDeclaration(node, node.modifiers, node.importClause, to, node.attributes);
      } else if (ts.isExportDeclaration(node)) {
        const to = replaced(node.moduleSpecifier);
        if (to) return factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, to, node.attributes);
      }
      return node;
    };
    return (sf) => ts.visitEachChild(sf, visit, context);
  };
  return files
    .filter((f) => f.path.endsWith(".ts"))
    .map((f) => {
      const out = ts.transpileModule(f.content, {
        fileName: f.path,
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
        transformers: { before: [rewrite] },
      });
      return { path: f.path.replace(/\.ts$/, ".js"), content: out.outputText };
    });
}

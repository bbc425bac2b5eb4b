/**
 * What `mfgc init` writes into a user's project. The two spec forms mean the same model and run (a
 * test compiles both and compares), and every file is plain text a user can edit afterwards.
 */

/** The example spec in the DSL form; trains as is on mfgc's deterministic `defects` generator. */
export const EXAMPLE_DSL = `# Visual quality inspection: classify 64×64 grayscale surface patches as
# ok / scratch / spot / two spots. The data comes from mfgc's deterministic \`defects\` generator, so this
# trains as is (its pixels are already in [0, 1]); for your own pictures use
# image_folder(..., scale: 1/255) (see mfgc's docs/train.md).

model DefectClassifier {
  input patch: f32[64, 64, 1]
  patch
    -> conv2d(16, kernel: 3, activation: relu) -> maxpool2d(2)
    -> conv2d(32, kernel: 3, activation: relu) -> maxpool2d(2)
    -> conv2d(64, kernel: 3, activation: relu)
    -> global_avgpool2d
    -> dense(4, activation: softmax) as defect
  output defect
}

train DefectClassifier {
  data {
    train: synthetic(generator: defects, samples: 1024, seed: 1)
    validation: split(0.2)
    test: synthetic(generator: defects, samples: 256, seed: 2)
  }
  optimizer adam(lr: 3e-3)
  loss categorical_crossentropy
  metrics [accuracy]
  epochs 15   batch 32   seed 42
  classes ["ok", "scratch", "spot", "two spots"]
}
`;

/** The same spec in the YAML form; `schemaPath` is where the editor finds mfgc's JSON Schema. */
export function exampleYaml(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# Visual quality inspection: classify 64×64 grayscale surface patches as
# ok / scratch / spot / two spots. The data comes from mfgc's deterministic \`defects\` generator, so this
# trains as is (its pixels are already in [0, 1]); for your own pictures use
# image_folder with scale: 1/255 (see mfgc's docs/train.md).
mfgnet: 1
model:
  name: DefectClassifier
  inputs:
    patch: { shape: [64, 64, 1], dtype: f32 }
  layers:
    - conv2d: { filters: 16, kernel: 3, activation: relu }
    - maxpool2d: { pool: 2 }
    - conv2d: { filters: 32, kernel: 3, activation: relu }
    - maxpool2d: { pool: 2 }
    - conv2d: { filters: 64, kernel: 3, activation: relu }
    - global_avgpool2d
    - dense: { units: 4, activation: softmax, as: defect }
  outputs: [defect]
train:
  data:
    train: { synthetic: { generator: defects, samples: 1024, seed: 1 } }
    validation: { split: 0.2 }
    test: { synthetic: { generator: defects, samples: 256, seed: 2 } }
  optimizer: { adam: { lr: 0.003 } }
  loss: categorical_crossentropy
  metrics: [accuracy]
  epochs: 15
  batch: 32
  seed: 42
  classes: [ok, scratch, spot, two spots]
`;
}

/**
 * A tsconfig that compiles the generated code (and only it) with the project's own TypeScript, for
 * `node dist/generated/<spec>/train.js`. `types: []`: generated code needs no @types package.
 * `skipLibCheck`: TensorFlow.js's declarations mention browser types that a Node project lacks.
 */
export function generatedTsconfig(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        lib: ["ES2022"],
        module: "nodenext",
        moduleResolution: "nodenext",
        types: [],
        skipLibCheck: true,
        rootDir: ".",
        outDir: "dist",
      },
      include: ["generated/**/*.ts"],
    },
    null,
    2,
  )}\n`;
}

/** GitHub Actions: diagnostics into code scanning (SARIF), and a failing build when generated/ is stale. */
export function githubWorkflow(specsDir: string): string {
  return `# Written by \`mfgc init\`: checks the specs and proves generated/ is current on every push.
name: mfgc
on: [push, pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  specs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: Check specs
        run: npx mfgc check ${specsDir} --format sarif > mfgc.sarif
      - name: Upload diagnostics to code scanning
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: mfgc.sarif
          category: mfgc
      - name: Generated code is current
        run: npx mfgc build ${specsDir} --check
`;
}

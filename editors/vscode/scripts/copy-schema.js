// Copies the JSON Schema of the YAML form (generated from mfgc's op registry) into the extension, so
// the YAML extension validates and completes `*.mfgnet.yaml` files with it (`yamlValidation`).
const { copyFileSync } = require("node:fs");
const { join } = require("node:path");

copyFileSync(join(__dirname, "..", "..", "..", "schema", "mfgnet.schema.json"), join(__dirname, "..", "mfgnet.schema.json"));

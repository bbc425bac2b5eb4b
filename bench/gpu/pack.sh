#!/usr/bin/env bash
# Builds the offline pack for the GPU device check: .tmp/gpu-pack/ (under 64 MiB), to be carried next to
# a copy of the working tree to a machine with no network (node_modules is ~420 MiB: too big to carry).
# Run it here, after `npm ci` (which installs the optional webgpu packages).
#
#   bash bench/gpu/pack.sh            # then carry .tmp/gpu-pack and run: bash bench/gpu/run.sh
#
# The pack holds: the bench bundled into one ES module with everything it imports (TensorFlow.js and its
# backends, mfgc's runtime, the generated models); the wasm backend's .wasm binaries; Dawn's dawn.node for
# linux-x64 (gzip); the Vulkan loader libvulkan.so.1 (for containers without libvulkan1); and this
# machine's node binary (gzip) for a device without Node >= 20.
set -euo pipefail
cd "$(dirname "$0")/../.."

PACK=.tmp/gpu-pack
LIMIT_MIB=64
[ -f node_modules/webgpu/dist/linux-x64/dawn.node ] || { echo "pack: node_modules/webgpu is missing; run npm ci first (the webgpu packages are optional dependencies)" >&2; exit 1; }
[ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { echo "pack: @tensorflow/tfjs-backend-webgpu is missing; run npm ci first" >&2; exit 1; }

rm -rf "$PACK"
mkdir -p "$PACK/node_modules/webgpu/dist/linux-x64" "$PACK/lib"

# 1. The bench and everything it imports, as one file. CommonJS code inside it (tfjs's node builds, the
#    wasm backend's loader) expects require/__dirname: the banner defines them for the bundle's folder, so
#    the wasm backend finds its .wasm binaries next to the bundle. `webgpu` stays outside (native addon).
#    A generated train.ts runs its own command line when its import.meta.url is the program's entry
#    (argv[1]); in a one-file bundle every module would share the bundle's URL, so the bundled modules
#    get a URL that names no file (the bench reads only the generated config, never the spec folder).
BANNER="import { createRequire as __mfgcRequire } from 'node:module'; import { fileURLToPath as __mfgcPath } from 'node:url'; import { dirname as __mfgcDir } from 'node:path'; const require = __mfgcRequire(import.meta.url); const __filename = __mfgcPath(import.meta.url); const __dirname = __mfgcDir(__filename);"
node_modules/.bin/esbuild bench/gpu/run.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --alias:mfgc/runtime=./src/runtime/index.ts \
  --define:import.meta.url='"file:///mfgc-gpu-bench/generated/bundled/module.js"' \
  --banner:js="$BANNER" --outfile="$PACK/bench.mjs" --log-level=error

# 2. The wasm backend's binaries.
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$PACK/"

# 3. Dawn for linux-x64: the package's entry and the one native binary it loads.
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$PACK/node_modules/webgpu/"
gzip -9c node_modules/webgpu/dist/linux-x64/dawn.node > "$PACK/node_modules/webgpu/dist/linux-x64/dawn.node.gz"

# 4. The Vulkan loader (Debian's libvulkan1), used only where the device has none.
for lib in /usr/lib/x86_64-linux-gnu/libvulkan.so.1 /usr/lib64/libvulkan.so.1; do
  if [ -e "$lib" ]; then cp -L "$lib" "$PACK/lib/libvulkan.so.1"; break; fi
done
[ -e "$PACK/lib/libvulkan.so.1" ] || echo "pack: note: no libvulkan.so.1 here to pack (apt-get install libvulkan1); the device must have its own"

# 5. Node itself, used only where the device has no Node >= 20.
gzip -9c "$(command -v node)" > "$PACK/node.gz"
node --version > "$PACK/node.version"

size_kib=$(du -sk "$PACK" | cut -f1)
echo "pack: $PACK is $((size_kib / 1024)) MiB:"
(cd "$PACK" && find . -type f -printf '  %9s  %p\n' | sort -k2)
if [ "$size_kib" -gt $((LIMIT_MIB * 1024)) ]; then
  echo "pack: over the ${LIMIT_MIB} MiB a device run can carry" >&2
  exit 1
fi

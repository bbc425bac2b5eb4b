#!/usr/bin/env bash
# The GPU device check, one command, no network: prints the GPU and its driver, finds (or writes) the
# NVIDIA Vulkan ICD file, probes the WebGPU adapter and measures training throughput on webgpu, wasm and
# cpu (bench/gpu/run.ts), writing bench/results/gpu.{md,json} (and copying them to $OUT when set).
#
#   bash bench/gpu/run.sh [run.ts options, e.g. --seconds 8 --batches 32,256]
#
# Runs from the working tree with node_modules installed, or — on a machine without them — from the
# offline pack made by bench/gpu/pack.sh and carried as .tmp/gpu-pack. See bench/gpu/README.md.
set -uo pipefail
cd "$(dirname "$0")/../.."

PACK=.tmp/gpu-pack
WORK=.tmp/gpu-run
mkdir -p "$WORK"
say() { printf '\n== %s\n' "$*"; }

say "GPU and driver"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
  nvidia-smi -L
else
  echo "nvidia-smi not found: no NVIDIA driver visible here (any figure below is not a GPU figure)"
fi
echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-<unset>} (Vulkan needs 'graphics' or 'all')"

say "Node"
NODE=""
if [ "${MFGC_USE_PACKED_NODE:-}" != "1" ] && command -v node >/dev/null 2>&1 && [ "$(node -p 'Number(process.versions.node.split(".")[0])')" -ge 20 ]; then
  NODE=$(command -v node)
elif [ -f "$PACK/node.gz" ]; then
  gunzip -c "$PACK/node.gz" > "$WORK/node" && chmod +x "$WORK/node" && NODE="$PWD/$WORK/node"
  echo "using the packed node $(cat "$PACK/node.version" 2>/dev/null)"
else
  echo "no Node >= 20 here and no packed one: run bench/gpu/pack.sh where npm works and carry .tmp/gpu-pack" >&2
  exit 1
fi
"$NODE" --version

say "Vulkan loader"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; then
  ldconfig -p | grep 'libvulkan\.so\.1 ' | head -1
elif [ -f "$PACK/lib/libvulkan.so.1" ]; then
  export LD_LIBRARY_PATH="$PWD/$PACK/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "no libvulkan.so.1 installed: using the packed one ($PACK/lib)"
else
  echo "no libvulkan.so.1 (install Debian/Ubuntu's libvulkan1): WebGPU cannot use Vulkan"
fi

say "Vulkan ICD (NVIDIA)"
find_nvidia_lib() {
  for name in libGLX_nvidia.so.0 libEGL_nvidia.so.0; do
    local hit
    hit=$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n { print $NF; exit }')
    if [ -z "$hit" ]; then
      for dir in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
        if [ -e "$dir/$name" ]; then hit="$dir/$name"; break; fi
      done
    fi
    if [ -n "$hit" ]; then echo "$hit"; return 0; fi
  done
  return 1
}
if [ -n "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  echo "given: VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
else
  icd=""
  for dir in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/local/etc/vulkan/icd.d; do
    for f in "$dir"/nvidia_icd*.json; do
      if [ -f "$f" ]; then icd="$f"; break 2; fi
    done
  done
  if [ -n "$icd" ]; then
    echo "found $icd:"
    cat "$icd"
  elif lib=$(find_nvidia_lib); then
    # The file the NVIDIA driver installs, pointing at the driver's own Vulkan entry points.
    icd="$PWD/$WORK/nvidia_icd.json"
    printf '{\n  "file_format_version": "1.0.0",\n  "ICD": { "library_path": "%s", "api_version": "1.3.0" }\n}\n' "$lib" > "$icd"
    echo "no nvidia_icd.json installed; wrote $icd for $lib"
  else
    echo "no NVIDIA ICD file and no libGLX_nvidia.so.0 / libEGL_nvidia.so.0: in a container, start it with"
    echo "NVIDIA_DRIVER_CAPABILITIES=all (or compute,utility,graphics) so the driver's Vulkan parts are mounted"
  fi
  # Only the NVIDIA driver: a software ICD (lavapipe) installed beside it must not be picked instead.
  if [ -n "$icd" ]; then export VK_ICD_FILENAMES="$icd" VK_DRIVER_FILES="$icd"; fi
fi
if command -v vulkaninfo >/dev/null 2>&1; then vulkaninfo --summary 2>&1 | sed -n '/Devices:/,$p' | head -20; fi

say "Bench"
export MESA_SHADER_CACHE_DIR="${MESA_SHADER_CACHE_DIR:-$PWD/.tmp/mesa-shader-cache}"
if [ -f "$PACK/bench.mjs" ] && [ "${MFGC_GPU_FROM_SOURCE:-}" != "1" ]; then
  dawn="$PACK/node_modules/webgpu/dist/linux-x64/dawn.node"
  [ -f "$dawn" ] || gunzip -c "$dawn.gz" > "$dawn"
  echo "running the offline pack ($PACK/bench.mjs)"
  "$NODE" "$PACK/bench.mjs" "$@"
elif [ -d node_modules/tsx ]; then
  echo "running from source (node_modules present)"
  "$NODE" --import tsx bench/gpu/run.ts "$@"
else
  echo "neither node_modules nor the offline pack ($PACK) is here: run bench/gpu/pack.sh where npm works, carry .tmp/gpu-pack" >&2
  exit 1
fi
rc=$?

if [ -n "${OUT:-}" ] && [ -d "${OUT}" ]; then
  out_dir=bench/results prev_arg=""
  for arg in "$@"; do
    if [ "$prev_arg" = "--out" ]; then out_dir="$arg"; fi
    prev_arg="$arg"
  done
  cp "$out_dir/gpu.md" "$out_dir/gpu.json" "$OUT/" 2>/dev/null && echo "copied gpu.md and gpu.json to \$OUT"
fi
exit $rc

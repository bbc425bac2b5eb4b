#!/usr/bin/python3
"""Converts the ONNX backend node tests (Debian's libonnx-testdata) to one JSON file for the conformance
test (test/conformance/onnx-node.test.ts): per test, its opset, its single node (op, attributes, input and
output names), the graph's initializers, and the first data set's inputs and expected outputs.

Only tests whose node is one of OP_TYPES are written in full (the rest are listed by op only): the
TypeScript side decides which of those mfgc can express. Reads with python3-onnx.

Usage: onnx_to_json.py <node-test-dir> <out.json>
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

# Ops the conformance test knows how to express as mfgc specs (see onnx-node.test.ts).
OP_TYPES = {
    "Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus", "Softsign", "HardSigmoid", "ThresholdedRelu",
    "PRelu", "Softmax", "LogSoftmax", "Add", "Sub", "Mul", "Sum", "Mean", "Concat", "Flatten", "Reshape", "Transpose",
    "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "BatchNormalization",
    "Gemm", "MatMul", "Dropout", "Clip", "LayerNormalization", "ReduceMean", "ReduceMax", "LSTM", "GRU", "RNN",
    "Resize", "Upsample", "Pad", "Gelu", "Mish", "HardSwish",
}


def attr_value(a):
    v = onnx.helper.get_attribute_value(a)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, (list, tuple)):
        return [x.decode("utf-8", "replace") if isinstance(x, bytes) else x for x in v]
    if isinstance(v, onnx.TensorProto):
        return {"tensor": array_json(numpy_helper.to_array(v))}
    if isinstance(v, (int, float, str)):
        return v
    return None


def array_json(arr):
    arr = np.asarray(arr)
    kind = "float" if arr.dtype.kind == "f" else "int" if arr.dtype.kind in "iub" else "other"
    if kind == "other":
        return {"dtype": str(arr.dtype), "shape": list(arr.shape), "data": None}
    data = arr.astype(np.float64 if kind == "float" else np.int64).ravel().tolist()
    return {"dtype": kind, "shape": list(arr.shape), "data": data}


def read_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def convert(test_dir):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    graph = model.graph
    opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
    entry = {"ops": [n.op_type for n in graph.node], "opset": opset}
    if len(graph.node) != 1 or graph.node[0].op_type not in OP_TYPES:
        return entry
    node = graph.node[0]
    data_dir = os.path.join(test_dir, "test_data_set_0")
    if not os.path.isdir(data_dir):
        return entry
    initializers = {i.name for i in graph.initializer}
    graph_inputs = [i.name for i in graph.input if i.name not in initializers]
    try:
        inputs = [read_tensor(os.path.join(data_dir, f"input_{k}.pb")) for k in range(len(graph_inputs))]
        outputs = [read_tensor(os.path.join(data_dir, f"output_{k}.pb")) for k in range(len(graph.output))]
    except Exception as e:  # sequences, optionals: not tensors
        entry["unreadable"] = str(e)
        return entry
    entry.update(
        {
            "node": {
                "op": node.op_type,
                "inputs": list(node.input),
                "outputs": list(node.output),
                "attrs": {a.name: attr_value(a) for a in node.attribute},
            },
            "initializers": {i.name: array_json(numpy_helper.to_array(i)) for i in graph.initializer},
            "inputs": {name: array_json(a) for name, a in zip(graph_inputs, inputs)},
            "outputs": {o.name: array_json(a) for o, a in zip(graph.output, outputs)},
        }
    )
    return entry


def main():
    root, out = sys.argv[1], sys.argv[2]
    tests = {}
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if os.path.isfile(os.path.join(path, "model.onnx")):
            tests[name] = convert(path)
    tmp = out + ".part"
    with open(tmp, "w") as f:
        json.dump({"onnx": onnx.__version__, "tests": tests}, f)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()

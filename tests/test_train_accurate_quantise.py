"""The accurate trainer's quantiser and its inverse (train/accurate.py: `quantised`,
`dequantised`), on a made-up two-layer graph: an embedding table and a matrix.

Needs the train-accurate extra's onnx and onnx-ir; skips cleanly without them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnx_ir")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper

from newsledger.train import accurate

ROWS, WIDTH, OUT = 40, 256, 24


def tiny_model(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """ids -> Gather(table) -> MatMul(matrix): the shape of the encoder's first and last steps."""
    rng = np.random.default_rng(7)
    table = rng.normal(0, 1, (ROWS, WIDTH)).astype(np.float32)
    matrix = rng.normal(0, 0.1, (WIDTH, OUT)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["table", "ids"], ["embedded"], "/emb/Gather"),
            helper.make_node("MatMul", ["embedded", "matrix"], ["out"], "/head/MatMul"),
        ],
        "tiny",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["n"])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["n", OUT])],
        [numpy_helper.from_array(table, "table"), numpy_helper.from_array(matrix, "matrix")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(path))
    return table, matrix


def weights(path: Path) -> dict[str, np.ndarray]:
    return {
        i.name: numpy_helper.to_array(i).astype(np.float32)
        for i in onnx.load(str(path)).graph.initializer
    }


def ops(path: Path) -> list[str]:
    return [n.op_type for n in onnx.load(str(path)).graph.node]


def run(path: Path, ids: np.ndarray) -> np.ndarray:
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (out,) = sess.run(None, {"ids": ids})
    return np.asarray(out)


def test_dequantised_gives_back_the_weights_and_requantises_to_the_same(tmp_path: Path) -> None:
    table, matrix = tiny_model(tmp_path / "fp32.onnx")
    accurate.quantised(tmp_path / "fp32.onnx", tmp_path / "q.onnx", "weights")
    assert {"GatherBlockQuantized", "MatMulNBits"} <= set(ops(tmp_path / "q.onnx"))
    assert accurate.dequantised(tmp_path / "q.onnx", tmp_path / "back.onnx")
    assert ops(tmp_path / "back.onnx") == ["Gather", "MatMul"]
    back = weights(tmp_path / "back.onnx")
    assert set(back) == {"table", "matrix"}  # the fp32 names again
    # within a quantisation step of the originals: 4 bits for the table, 8 for the matrix
    assert np.abs(back["table"] - table).max() <= np.abs(table).max() / 7
    assert np.abs(back["matrix"] - matrix).max() <= np.abs(matrix).max() / 127
    assert np.abs(back["matrix"] - matrix).max() > 0  # it was quantised, not copied
    # quantising the dequantised model again gives the very same integers and scales
    accurate.quantised(tmp_path / "back.onnx", tmp_path / "again.onnx", "weights")
    first, again = weights(tmp_path / "q.onnx"), weights(tmp_path / "again.onnx")
    assert first.keys() == again.keys()
    assert all(np.array_equal(first[k], again[k]) for k in first)
    ids = np.array([0, 5, 39, 5], dtype=np.int64)
    np.testing.assert_allclose(
        run(tmp_path / "back.onnx", ids), back["table"][ids] @ back["matrix"], rtol=1e-5, atol=1e-5
    )


def test_the_matrices_are_quantised_in_blocks_of_matrix_block(tmp_path: Path) -> None:
    tiny_model(tmp_path / "fp32.onnx")
    accurate.quantised(tmp_path / "fp32.onnx", tmp_path / "q.onnx", "weights")
    node = next(n for n in onnx.load(str(tmp_path / "q.onnx")).graph.node if "NBits" in n.op_type)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    assert (attrs["bits"], attrs["block_size"]) == (8, accurate.MATRIX_BLOCK)


def test_an_unquantised_model_is_left_alone(tmp_path: Path) -> None:
    tiny_model(tmp_path / "fp32.onnx")
    assert not accurate.dequantised(tmp_path / "fp32.onnx", tmp_path / "back.onnx")
    assert not (tmp_path / "back.onnx").exists()

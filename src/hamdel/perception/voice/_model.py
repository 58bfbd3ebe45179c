"""The CNN of the design: three convolution blocks on the log-mel, six softmax outputs (PyTorch).

Training only; serving runs the exported ONNX graph (see ``_runtime``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import torch
from torch import nn


@dataclass(frozen=True)
class CNNConfig:
    """Shape of :class:`EmotionCNN`."""

    n_mels: int = 64
    channels: tuple[int, int, int] = (16, 32, 64)
    n_classes: int = 6
    dropout: float = 0.3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CNNConfig:
        data = dict(data)
        data["channels"] = tuple(data.get("channels", cls.channels))
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


class ConvBlock(nn.Module):
    """conv 3x3 (optionally strided in time) -> batch norm -> ReLU -> 2x2 max-pool."""

    def __init__(self, c_in: int, c_out: int, time_stride: int = 1) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=(1, time_stride), padding=1, bias=False),
            nn.BatchNorm2d(c_out),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.body(x)  # (B, C_out, F/2, T/(2*time_stride))
        return out


class EmotionCNN(nn.Module):
    """Three conv blocks (the first strided in time), mean and max over time, then linear.

    With 10 ms log-mel hops the blocks output one step per 160 ms; the (channel x band) map is
    pooled over time by mean and max, so any clip length works at serving time.
    """

    def __init__(self, config: CNNConfig) -> None:
        super().__init__()
        c1, c2, c3 = config.channels
        self.config = config
        self.blocks = nn.Sequential(
            ConvBlock(1, c1, time_stride=2), ConvBlock(c1, c2), ConvBlock(c2, c3)
        )
        bands = config.n_mels // 8
        self.dropout = nn.Dropout(config.dropout)
        self.head = nn.Linear(2 * c3 * bands, config.n_classes)

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        # mel: (B, n_mels, T) normalised log-mel -> logits (B, n_classes)
        x = self.blocks(mel.unsqueeze(1))  # (B, C, n_mels/8, T/16)
        x = x.flatten(1, 2)  # (B, C * n_mels/8, T/16)
        pooled = torch.cat([x.mean(dim=2), x.amax(dim=2)], dim=1)  # (B, 2 * C * bands)
        out: torch.Tensor = self.head(self.dropout(pooled))
        return out


__all__ = ["CNNConfig", "ConvBlock", "EmotionCNN"]

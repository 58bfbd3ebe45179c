"""Training the suggestion scorer: the public door for the CLI (needs the ``train`` extra)."""

from hamdel.recommend._scorer_train import TrainConfig, train

__all__ = ["TrainConfig", "train"]

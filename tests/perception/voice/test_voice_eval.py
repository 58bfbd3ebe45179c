from __future__ import annotations

import numpy as np
import pytest

from hamdel.perception.voice._cv import speaker_folds

CLASSES = ("anger", "fear", "happiness", "neutral", "sadness", "surprise")


def test_speaker_folds_never_share_a_speaker():
    rng = np.random.default_rng(0)
    speakers = [f"s{int(i)}" for i in rng.integers(0, 13, size=400)]
    folds = speaker_folds(speakers, 5, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(400))
    seen: set[str] = set()
    for fold in folds:
        names = {speakers[i] for i in fold}
        assert not names & seen
        seen |= names
    sizes = [len(f) for f in folds]
    assert max(sizes) < 2.2 * min(sizes)


def test_too_few_speakers_for_k_folds():
    with pytest.raises(ValueError, match="speakers"):
        speaker_folds(["a", "b", "a"], 3)


def test_cross_validate_keeps_speakers_apart_and_summarises():
    from pathlib import Path

    from hamdel.perception.voice._corpora import ManifestRow
    from hamdel.perception.voice._cv import cross_validate
    from hamdel.perception.voice._data import ClipSet

    clips = ClipSet()
    for i in range(60):
        clips.rows.append(ManifestRow(Path(f"/x/{i}.wav"), "anger", f"s{i % 6}", "en", "c"))
        clips.speech.append(np.zeros(10, np.float32))
        clips.labels.append(i % 3)
    seen = []

    def oracle(train, test):
        seen.append((set(train.speakers), set(test.speakers)))
        return list(test.labels), 0.0

    report = cross_validate(clips, 3, {"oracle": oracle}, CLASSES)
    assert all(not a & b for a, b in seen) and len(seen) == 3
    summary = report["models"]["oracle"]["summary"]
    assert summary["accuracy"] == {"mean": 1.0, "std": 0.0}
    assert np.array(report["models"]["oracle"]["pooled_confusion"]["matrix"]).sum() == 60

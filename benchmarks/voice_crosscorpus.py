"""Cross-corpus check of the openSMILE eGeMAPS + SVM baseline: train on some corpora, test on
another (an unseen language). The CNN's cross-corpus row comes from ``hamdel voice eval`` on a
model trained with ``hamdel voice train`` on the same training manifest.

Run: ``.venv/bin/python -m benchmarks.voice_crosscorpus TRAIN.csv TEST.csv OUT.json``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from hamdel.core.metrics import classification_report
    from hamdel.perception.voice._audio import AudioLimits
    from hamdel.perception.voice._baseline import EgemapsSVM
    from hamdel.perception.voice._corpora import read_manifest
    from hamdel.perception.voice._data import TRAIN_LIMITS, load_clips
    from hamdel.perception.voice._train import CLASSES

    train_csv, test_csv, out = sys.argv[1:4]
    train = load_clips(read_manifest(train_csv), CLASSES)
    # scored like `hamdel voice eval`: at least 0.5 s of speech
    test = load_clips(
        read_manifest(test_csv),
        CLASSES,
        AudioLimits(min_speech_seconds=0.5, max_seconds=TRAIN_LIMITS.max_seconds),
    )
    started = time.perf_counter()
    predicted = EgemapsSVM().fit(train).predict(test)
    report = classification_report(
        [CLASSES[i] for i in test.labels], [CLASSES[int(i)] for i in predicted], CLASSES
    ).to_voice_dict()
    report["skipped"] = sum(test.skipped.values())
    report["model"] = "egemaps_svm"
    report["train_manifest"], report["test_manifest"] = train_csv, test_csv
    report["seconds"] = round(time.perf_counter() - started, 1)
    Path(out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("n", "skipped", "accuracy", "uar", "macro_f1")}))


if __name__ == "__main__":
    main()

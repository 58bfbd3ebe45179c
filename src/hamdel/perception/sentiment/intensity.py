"""Intensity level of a (corrected) score: lower, intermediate or extreme.

Cut points on the magnitude ``|score|`` (the sign is the polarity, reported apart):

* ``|s| < 2.5``  → **lower**: the sentence's sentiment words are mild on average (AFINN's ±1–2:
  ``sad``, ``tired``, ``like``, ``ناراحت``);
* ``2.5 ≤ |s| < 4`` → **intermediate**: strong words dominate (±3: ``hate``, ``terrible``,
  ``depressed``, ``غمگین``);
* ``|s| ≥ 4`` → **extreme**: only the strongest words (±4–5: ``devastated``, ``want to die``,
  ``خودکشی``), or strong words boosted by intensifiers.

Sentimeter averages its units, so a mild word pulls a strong one down: an ``extreme`` sentence
holds almost nothing but extreme units. The benchmark reports how corpora spread over the three
levels (``docs/benchmarks.md``, section ``sentiment``).
"""

from __future__ import annotations

from hamdel.core.errors import InputError
from hamdel.core.profile import INTENSITY_LEVELS

CUTS: tuple[float, float] = (2.5, 4.0)


def intensity_level(score: float, cuts: tuple[float, float] = CUTS) -> str:
    """``"lower"``, ``"intermediate"`` or ``"extreme"`` for a score on −5..+5."""
    low, high = cuts
    if not 0 < low < high:
        raise InputError(f"intensity cut points must satisfy 0 < low < high, got {cuts}")
    magnitude = abs(score)
    if magnitude < low:
        return INTENSITY_LEVELS[0]
    return INTENSITY_LEVELS[1] if magnitude < high else INTENSITY_LEVELS[2]

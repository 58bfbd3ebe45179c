"""The message catalogue: 360 messages, 90 per kind, 30 per level, both languages, adverbs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import hamdel.recommend as recommend
from hamdel.core.errors import InputError, ModelUnavailableError
from hamdel.core.profile import INTENSITY_LEVELS, MESSAGE_KINDS
from hamdel.knowledge import Ontology, allowed, user_graph
from hamdel.recommend import Message, MessageCatalogue, intensity_adverbs


@pytest.fixture(scope="module")
def catalogue() -> MessageCatalogue:
    return MessageCatalogue.load()


def test_exports_are_real() -> None:
    for name in recommend.__all__:
        assert hasattr(recommend, name), name


def test_counts(catalogue: MessageCatalogue) -> None:
    assert len(catalogue) == 360
    counts = Counter((m.kind, m.intensity) for m in catalogue)
    assert counts == {(k, lv): 30 for k in MESSAGE_KINDS for lv in INTENSITY_LEVELS}
    assert all(len(catalogue.select(kind)) == 90 for kind in MESSAGE_KINDS)


def test_every_message_has_both_languages_and_is_unique(catalogue: MessageCatalogue) -> None:
    assert all(m.en.strip() and m.fa.strip() for m in catalogue)
    assert len({m.id for m in catalogue}) == 360
    assert len({m.en.lower() for m in catalogue}) == 360
    assert len({m.fa for m in catalogue}) == 360


def test_intensity_adverbs_follow_the_level(catalogue: MessageCatalogue) -> None:
    for message in catalogue:
        en, fa = intensity_adverbs(message.en, "en"), intensity_adverbs(message.fa, "fa")
        if message.intensity == "extreme":
            assert en and fa, message.id
        if message.intensity == "lower":
            assert not en and not fa, message.id


def test_rules_drop_only_the_tagged_messages(catalogue: MessageCatalogue) -> None:
    onto = Ontology.load()
    person = user_graph({"risk_habits": ["smoking", "alcohol", "other"], "context": "travel"}, onto)
    refused = {m.id for m in catalogue if not allowed(m, person).allowed}
    tagged = {m.id for m in catalogue if m.contraindicated_risks}
    assert tagged and refused == tagged
    assert all("alcohol" in m.contraindicated_risks for m in catalogue if "elebrat" in m.en)
    for kind in MESSAGE_KINDS:
        for level in INTENSITY_LEVELS:
            kept = [m for m in catalogue.select(kind, level) if m.id not in refused]
            assert len(kept) >= 25, (kind, level)
    nobody = user_graph({}, onto)
    assert all(allowed(m, nobody).allowed for m in catalogue)


def test_round_trip(catalogue: MessageCatalogue) -> None:
    for message in catalogue:
        assert Message.from_dict(message.to_dict()) == message


def test_adverb_matching_is_by_whole_word() -> None:
    assert intensity_adverbs("This is truly good", "en") == ["truly"]
    assert intensity_adverbs("untruly", "en") == []
    assert intensity_adverbs("واقعاً خوب است", "fa") == ["واقعاً"]


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "m.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_bad_messages_are_named(tmp_path: Path) -> None:
    good = {
        "id": "cal-ext-01",
        "kind": "calm",
        "intensity": "extreme",
        "en": "Truly calm.",
        "fa": "واقعاً آرام.",
    }
    assert Message.from_dict(good).kind == "calm"
    no_adverb = dict(good, en="Calm.")
    with pytest.raises(InputError, match=r"cal-ext-01.*no en intensity adverb"):
        Message.from_dict(no_adverb)
    detached = dict(good, fa="واقعاً می توانی.")
    with pytest.raises(InputError, match="ZWNJ"):
        Message.from_dict(detached)
    unsafe = dict(good, en="Truly, take a pill.")
    with pytest.raises(InputError, match="unsafe"):
        Message.from_dict(unsafe)
    with pytest.raises(InputError, match=r"m\.jsonl:1"):
        MessageCatalogue.load(_write(tmp_path, [dict(good, kind="sad")]))
    with pytest.raises(InputError, match="30 messages per kind"):
        MessageCatalogue.load(_write(tmp_path, [good]))
    assert len(MessageCatalogue.load(_write(tmp_path, [good]), check_counts=False)) == 1
    with pytest.raises(ModelUnavailableError):
        MessageCatalogue.load(tmp_path / "empty")
    with pytest.raises(InputError, match="unknown message kind"):
        MessageCatalogue.load().select("sad")

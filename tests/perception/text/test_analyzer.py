from __future__ import annotations

import json
from pathlib import Path

import pytest

from hamdel.core.emotions import EMOTIONS
from hamdel.core.errors import ModelUnavailableError, TextError
from hamdel.perception.text.analyzer import TextAnalysis, TextAnalyzer

from .conftest import FakeEmbedder


@pytest.fixture(scope="module")
def analyzer(
    tiny_models: Path, fake_embedder: FakeEmbedder, tmp_path_factory: pytest.TempPathFactory
) -> TextAnalyzer:
    with pytest.MonkeyPatch.context() as mp:  # module scope: keep the prototype cache in tmp
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        return TextAnalyzer.load(tiny_models, embedder=fake_embedder)  # type: ignore[arg-type]


def test_english_analysis(analyzer: TextAnalyzer) -> None:
    result = analyzer.analyze("so much pressure and worry at my job, I am overwhelmed")
    assert isinstance(result, TextAnalysis)
    assert result.language == "en"
    assert set(result.emotions) == {e.value for e in EMOTIONS}
    assert result.stress_p is not None and result.stress_p > 0.5
    assert not result.crisis.flag
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["crisis"]["flag"] is False and "depression_p" in data


def test_crisis_is_flagged_with_evidence(analyzer: TextAnalyzer) -> None:
    result = analyzer.analyze("I want to end my life tonight")
    assert result.crisis.flag
    assert result.crisis.fired[0].pattern_id == "en.end_my_life"


def test_persian_goes_through_embeddings_and_says_so(analyzer: TextAnalyzer) -> None:
    result = analyzer.analyze("امروز خیلی غمگینم")
    assert result.language == "fa"
    assert result.depression_p is not None
    assert any("English" in n for n in result.notes)


def test_persian_crisis(analyzer: TextAnalyzer) -> None:
    assert analyzer.analyze("ميخوام خودمو بكشم").crisis.flag
    assert not analyzer.analyze("دارم از خنده می‌میرم").crisis.flag


def test_emoji_only_is_a_clear_result(analyzer: TextAnalyzer) -> None:
    result = analyzer.analyze("😢😢😢")
    assert result.language == "unknown" and result.dominant_emotion is None
    assert result.depression_p is None and result.notes


@pytest.mark.parametrize("bad", ["", "   ", b"\xff\xfe\xfa bad"])
def test_bad_input_is_a_text_error(analyzer: TextAnalyzer, bad: str | bytes) -> None:
    with pytest.raises(TextError):
        analyzer.analyze(bad)


def test_huge_and_control_char_input_does_not_crash(analyzer: TextAnalyzer) -> None:
    assert analyzer.analyze("stress " * 200_000).language == "en"
    assert analyzer.analyze("hello\x00\x1b world").language == "en"


def test_mixed_script(analyzer: TextAnalyzer) -> None:
    assert analyzer.analyze("امروز meeting داشتم و خیلی stressed بودم").language == "mixed"


def test_missing_models_dir(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError):
        TextAnalyzer.load(tmp_path / "nope")


def test_memo_embedder_embeds_each_text_once(fake_embedder: FakeEmbedder) -> None:
    from hamdel.perception.text.analyzer import _MemoEmbedder

    calls: list[int] = []

    class Counting(FakeEmbedder):
        def embed(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return super().embed(texts)

    memo = _MemoEmbedder(Counting(), size=2)  # type: ignore[arg-type]
    a = memo.embed(["x y", "z", "w", "x y"])  # more texts than the memo holds
    b = memo.embed(["w"])
    assert a.shape == (4, 384) and calls == [3]
    assert (b[0] == a[2]).all()

"""The design's "traditional" content-based recommender: ranked by the words of the posts, in
both languages, and never past the safety rules the engine applies in every variant."""

from __future__ import annotations

import numpy as np
import pytest

from hamdel.core.errors import InputError
from hamdel.knowledge import safe, user_graph
from hamdel.recommend.content_based import ContentBased, Tfidf, char_ngrams, normalize


@pytest.fixture(scope="module")
def content() -> ContentBased:
    return ContentBased.load()


def test_tfidf_rows_are_unit_length_and_share_grams() -> None:
    model = Tfidf((3, 5))
    matrix = model.fit_transform(["a sad song", "a happy day", "sadness"])
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert norms == pytest.approx(1.0)
    query = model.transform(["sad"])
    similarity = (matrix @ query.T).toarray().ravel()
    assert similarity[1] == 0 and similarity[0] > 0 and similarity[2] > 0
    assert " غمگ" in char_ngrams("غمگینم", 3, 4) and " غمگ" in char_ngrams("غمگين", 3, 4)
    assert normalize("  Sad\tDAY ") == "sad day"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_an_items_own_words_bring_it_first(content: ContentBased, language: str) -> None:
    item = content.items[17]
    out = content.recommend([item.text(language)], language=language)
    assert out.variant == "content" and len(out.suggestions) == 3
    assert out.suggestions[0].id == item.id
    assert out.suggestions[0].score == max(s.score for s in out.suggestions) > 0
    assert out.message is not None and out.message.message_kind is not None
    assert out.suggestions[0].text == item.text(language)
    again = content.recommend([item.text(language)], language=language, recent=[item.id])
    assert item.id not in {s.id for s in again.suggestions}


def test_persian_inflected_words_meet_their_stem(content: ContentBased) -> None:
    out = content.recommend(["امروز خیلی غمگینم"], language="fa")
    assert any("غمگین" in s.text for s in out.suggestions)


def test_the_safety_rules_still_hold(content: ContentBased) -> None:
    laps = next(s for s in content.items if "exertion" in s.hazards)
    heart = user_graph({"health": ["heart"]}, content.ontology)
    assert not safe(laps, heart).allowed
    free = content.recommend([laps.en], language="en")
    assert free.suggestions[0].id == laps.id
    held = content.recommend([laps.en] * 3, language="en", user=heart)
    assert laps.id not in {s.id for s in held.suggestions}
    for s in held.suggestions:
        item = next(i for i in content.items if i.id == s.id)
        assert safe(item, heart).allowed
    assert all(not i.professional for i in content.items)


def test_no_words_is_said_and_bad_input_refused(content: ContentBased) -> None:
    out = content.recommend([], language="en", want="suggestions", seed=3)
    assert out.message is None and len(out.suggestions) == 3 and out.notes
    assert content.recommend([], language="en", want="message").suggestions == ()
    with pytest.raises(InputError):
        content.recommend(["hi"], language="de")
    with pytest.raises(InputError):
        content.recommend(["hi"], want="all")


def test_the_cli_offers_the_content_based_recommender(content: ContentBased) -> None:
    import json

    from typer.testing import CliRunner

    from hamdel.cli import app

    item = content.items[17]
    posts = json.dumps([item.en])
    result = CliRunner().invoke(app, ["recommend", "--variant", "content", "--posts", posts,
                                      "--emotion", "sadness", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["variant"] == "content" and out["suggestions"][0]["id"] == item.id
    missing = CliRunner().invoke(app, ["recommend", "--variant", "content"])
    assert missing.exit_code == 2 and "--posts" in missing.output

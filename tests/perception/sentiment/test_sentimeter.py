from __future__ import annotations

import pytest

from hamdel.perception.sentiment import Sentimeter


def test_formula_divides_by_units_plus_participle(en: Sentimeter) -> None:
    # "lost" (-3) and "terrible" (-3) are unigrams; "have lost" holds a past participle: k = 1
    result = en.score("I have lost my job and I feel terrible")
    assert (result.p, result.q, result.r, result.k) == (2, 0, 0, 1)
    assert result.su == pytest.approx(-6.0)
    assert result.score == pytest.approx(-6.0 / 3)
    # without the perfect the same words average to -3
    assert en.score("I lost my job and I feel terrible").score == pytest.approx(-3.0)


def test_longest_match_consumes_tokens(en: Sentimeter) -> None:
    result = en.score("I can't stand it")
    assert [g for g, _ in result.units] == ["can't stand"]
    assert (result.p, result.q) == (0, 1)
    assert result.sb == pytest.approx(-3.0)


def test_trigram_wins_over_bigram_and_unigrams(en: Sentimeter) -> None:
    result = en.score("honestly nobody cares about it")
    assert [g for g, _ in result.units] == ["nobody cares"]
    result = en.score("no one cares")
    assert (result.p, result.q, result.r) == (0, 0, 1)
    assert result.st == pytest.approx(-3.0)


def test_zero_entries_block_without_counting(en: Sentimeter) -> None:
    assert en.score("it feels like rain").score == 0.0
    assert en.score("I like rain").score > 0


def test_negation_flips_and_damps(en: Sentimeter) -> None:
    good = en.score("the food was good").score
    not_good = en.score("the food was not really good").score
    assert good > 0 > not_good
    assert abs(not_good) < good * 1.3 + 1e-9
    # punctuation ends the negation scope
    assert en.score("not today. I am happy").score > 0


def test_intensifiers_and_diminishers(en: Sentimeter) -> None:
    plain = en.score("I am sad").score
    assert en.score("I am very sad").score < plain < en.score("I am slightly sad").score < 0


def test_contrast_weakens_the_clause_before_but(en: Sentimeter) -> None:
    assert en.score("the movie was good but the ending was awful").score < 0


def test_no_negates_or_scores_alone(en: Sentimeter) -> None:
    assert en.score("no").score < 0
    assert en.score("no problem at all").score > 0


def test_emoticons_and_emoji_score_and_are_not_negated(en: Sentimeter) -> None:
    assert en.score(":)").score > 0
    assert en.score("😭").score < 0
    assert en.score("I couldn't lol").score > 0


def test_score_is_clamped(en: Sentimeter) -> None:
    assert en.score("extremely extremely extremely superb").score == 5.0


def test_english_participle_rules(en: Sentimeter) -> None:
    assert en.has_participle(["i", "have", "finished", "it"])
    assert en.has_participle(["she", "has", "never", "been", "there"])
    assert en.has_participle(["they", "had", "not", "gone"])
    assert not en.has_participle(["i", "finished", "it"])
    assert not en.has_participle(["i", "have", "often"])


def test_persian_participle_rules(fa: Sentimeter) -> None:
    assert fa.score("من غذا خورده‌ام").k == 1
    assert fa.score("او رفته است").k == 1
    assert fa.score("هنوز نگفته").k == 1
    assert fa.score("من غذا خوردم").k == 0
    assert fa.score("هفته گذشته خوب بود").k == 0  # "گذشته" (last) is kept out


def test_persian_inflections_and_negation(fa: Sentimeter) -> None:
    assert fa.score("خوشحالم").score > 0
    assert fa.score("خیلی ناراحتم").score < fa.score("ناراحتم").score < 0
    assert fa.score("خوب نیستم").score < 0  # negation after the adjective
    assert fa.score("اصلا خوب نیست").score < 0
    assert fa.score("نمی‌ترسم").score > 0 > fa.score("می‌ترسم").score
    assert fa.score("دوستت دارم").q == 1


def test_persian_spellings_meet_one_key(fa: Sentimeter) -> None:
    forms = ["بی‌حوصله‌ام", "بیحوصلهام", "بي‌حوصله‌ام"]  # ZWNJ, none, Arabic yeh
    scores = {fa.score(f).score for f in forms}
    assert len(scores) == 1 and scores.pop() < 0
    assert fa.score("می خواهم خوشحال باشم").score == fa.score("می‌خواهم خوشحال باشم").score


def test_empty_and_unknown_words_score_zero(en: Sentimeter, fa: Sentimeter) -> None:
    assert en.score("the table is in the kitchen").score == 0.0
    assert fa.score("میز در آشپزخانه است").score == 0.0
    assert en.score("").score == 0.0


def test_exclamation_stresses_the_unit_before_it(en: Sentimeter) -> None:
    assert en.score("great!").score == pytest.approx(3.0 * 1.15)
    assert en.score("great!!").score > en.score("great!").score
    assert en.score("damn. Thanks!").score > 0
    assert en.score("great!").p == 1


def test_inflected_afinn_forms(en: Sentimeter) -> None:
    uni = en.lexicon.unigrams
    assert uni["idiots"] == uni["idiot"] and uni["amazingly"] == uni["amazing"]
    assert "likely" not in uni and "hardly" not in uni  # blocked: other senses


def test_emoticons_and_emoji_count_in_persian_too(fa: Sentimeter) -> None:
    assert fa.score(":(").score < 0 < fa.score("😀").score
    assert fa.score("امروز :)").score > 0

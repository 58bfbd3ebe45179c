"""The whitespace fast path of the sentiment tokenizer gives the same tokens as the regex."""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hamdel.perception.sentiment._text import TOKEN_RE, prepare, tokenize

PIECES = st.sampled_from(
    ["can't", "i've", ":)", ":-(", "<3", "xD", "😂", "❤", "good!", "bad,", "snake_case", "42",
     "خوب", "بد؟", "۱۲۳", "كتاب", "يك", "hello...", "wow!!", "a-b", "'quoted'", "  ", "\t", "ok"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12), st.text(max_size=20))
def test_fast_path_equals_the_regex(pieces: list[str], noise: str) -> None:
    text = " ".join(pieces) + " " + noise
    assume("://" not in text and "www." not in text)  # URLs are removed first, by design
    assert tokenize(text, "en") == TOKEN_RE.findall(prepare(text))

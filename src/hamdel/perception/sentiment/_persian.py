"""Persian surface forms generated from lexicon lemmas, so the hot path needs one dict look-up.

Persian attaches person endings, possessive clitics, plural and comparative suffixes to words,
and negation is a verb prefix (``ن``/``نمی``). Instead of stemming every token at run time, each
lemma of the authored lexicon is expanded once at load time into its common written forms
(ZWNJ removed, as in look-up keys). A generated form never overrides a form listed explicitly,
and forms in the ``collisions`` list of ``fa_rules.json`` (``بده`` "give!", ``بدن`` "body", …)
are never generated.

Kinds of entry (third column of ``fa_lexicon.tsv``):

``adj``
    adjective: ``+ م ی یم ید ند`` (copula clitics), colloquial ``+ ه`` ("is"), ``+ ام ای ایم اید
    اند است`` (after final ه), comparative ``تر ترین``, plural ``ها``. Lemmas of two letters or
    fewer only take ``ی تر ترین ها های`` (short forms collide with other words).
``noun``
    noun: plural ``ها های`` (colloquial ``ا``) and possessive clitics ``م ت ش مان تان شان``
    (colloquial ``مون تون شون``), also after the plural (``بچه‌هام``).
``verb``
    ``past|present[|present…]`` stems: past (``ترسیدم``), present (``می‌ترسم``, colloquial
    ``می‌ترسه``), subjunctive (``بترسم``), infinitive, past participle (``ترسیده‌ام``); the
    negated forms (``نترسیدم``, ``نمی‌ترسم``) get the score times the negation factor.
``word`` / ``phrase``
    used as written (a phrase of two or three words is a bigram or trigram).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

PERSON = ("م", "ی", "", "یم", "ید", "ند")
PRESENT_PERSON = ("م", "ی", "د", "یم", "ید", "ند", "ه", "ن")
PARTICIPLE_ENDINGS = ("", "ام", "ای", "است", "ایم", "اید", "اند")
_ADJ = (
    "",
    "م",
    "ی",
    "یم",
    "ید",
    "ند",
    "ه",
    "ام",
    "ای",
    "ایم",
    "اید",
    "اند",
    "است",
    "ست",
    "تر",
    "ترین",
    "ترم",
    "تری",
    "ها",
    "های",
)
_ADJ_SHORT = ("", "ی", "تر", "ترین", "ها", "های")
_NOUN = (
    "",
    "ها",
    "های",
    "هایی",
    "هام",
    "هات",
    "هاش",
    "هامون",
    "هاتون",
    "هاشون",
    "م",
    "ت",
    "ش",
    "مان",
    "تان",
    "شان",
    "مون",
    "تون",
    "شون",
    "ی",
    "ا",
    "ام",
    "ات",
    "اش",
    "امون",
    "اتون",
    "اشون",
)
_NOUN_AFTER_H = (
    "",
    "ها",
    "های",
    "هایی",
    "هام",
    "هات",
    "هاش",
    "ام",
    "ات",
    "اش",
    "ای",
    "مان",
    "تان",
    "شان",
    "مون",
    "تون",
    "شون",
)


def adjective_forms(lemma: str) -> Iterator[str]:
    suffixes = _ADJ_SHORT if len(lemma) <= 2 else _ADJ
    for suffix in suffixes:
        if suffix in ("ه", "م") and lemma.endswith("ه"):
            continue  # خسته+ه / خسته+م are not forms of خسته
        yield lemma + suffix


def noun_forms(lemma: str) -> Iterator[str]:
    """Plural (``ها``, colloquial ``ا``) and possessive forms; after a final ``ه`` the
    clitics are written ``ام ات اش`` (``خاله‌ام``)."""
    if len(lemma) <= 2:
        suffixes: tuple[str, ...] = ("", "ها", "های")
    elif lemma.endswith("ه"):
        suffixes = _NOUN_AFTER_H
    else:
        suffixes = _NOUN
    for suffix in suffixes:
        yield lemma + suffix


def participle_forms(past_stem: str) -> Iterator[str]:
    """``رفته``, ``رفته‌ام`` … and the negated ``نرفته`` … (ZWNJ removed)."""
    for prefix in ("", "ن"):
        for ending in PARTICIPLE_ENDINGS:
            yield prefix + past_stem + "ه" + ending


def verb_forms(spec: str) -> Iterator[tuple[str, bool]]:
    """``(form, negated)`` pairs for a ``past|present…`` stem spec."""
    past, *presents = spec.split("|")
    for ending in PERSON:
        yield past + ending, False
        yield "ن" + past + ending, True
    yield past + "ن", False  # infinitive
    for form in participle_forms(past):
        yield form, form.startswith("ن") and not past.startswith("ن")
    for present in presents:
        for ending in PRESENT_PERSON:
            yield "می" + present + ending, False
            yield "نمی" + present + ending, True
            yield "ب" + present + ending, False


def expand(
    entries: Iterable[tuple[str, float, str]],
    negation: float,
    collisions: frozenset[str],
) -> dict[str, float]:
    """Surface form → score for ``(lemma, score, kind)`` entries; explicit forms win."""
    explicit: dict[str, float] = {}
    generated: dict[str, float] = {}
    for lemma, score, kind in entries:
        explicit[lemma] = score
        if kind == "adj":
            forms: Iterable[tuple[str, float]] = ((f, score) for f in adjective_forms(lemma))
        elif kind == "noun":
            forms = ((f, score) for f in noun_forms(lemma))
        elif kind == "verb":
            explicit.pop(lemma)
            forms = ((f, score * negation if neg else score) for f, neg in verb_forms(lemma))
        else:
            forms = ()
        for form, value in forms:
            if form not in collisions:
                generated.setdefault(form, value)
    return {**generated, **explicit}

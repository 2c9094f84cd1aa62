"""`phrases` gives BudouX's own phrases (`Parser.parse`) for any text: every text of the
demo and the reference data, the edges of the model's features (texts of one to seven
characters, where a feature reaches past the text), and random mixed texts."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.nested import strings_in
from workshop.domain import phrases as ph
from workshop.domain.phrases import phrase_starts, phrases


def budoux(text: str) -> list[str]:
    return ph.parser().parse(text)


def reference_texts() -> list[str]:
    """Every string of the reference data, the demo town's included."""
    from workshop.seed_files import seed_root

    found: list[str] = []
    for path in sorted(seed_root().iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            found += strings_in(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def test_every_reference_text_is_split_as_budoux_splits_it() -> None:
    texts = reference_texts()
    assert len(texts) > 1_000
    differ = [t for t in texts if phrases(t) != budoux(t)]
    assert differ == []


def test_short_texts_where_features_reach_past_either_end() -> None:
    sample = "高齢者の買い物を支える、地域（福祉課）とNPOの連携。"
    for size in range(0, 8):
        for start in range(0, len(sample) - size + 1):
            text = sample[start : start + size]
            assert phrases(text) == budoux(text), text


def test_the_phrases_give_the_text_back_and_the_starts_are_their_bounds() -> None:
    text = "移動販売車の停車場所を、サロンの会場に3か所入れてもらえた"
    parts = phrases(text)
    assert "".join(parts) == text
    starts = phrase_starts(text)
    assert starts == sorted(starts) and all(0 < i < len(text) for i in starts)
    assert len(parts) == len(starts) + 1


def test_the_padding_never_occurs_in_the_model() -> None:
    pad, _, tables = ph._model()
    assert pad is not None
    assert not any(pad in key for table in tables for key in table)


japanese = st.text(
    alphabet=st.sampled_from(
        list(
            "のをにはがでとも、。「」（）ー・あいうかきくアイウカキク市町村課福祉交通防災買物支援連携"
        )
        + list("ABCabc012 　\x00\uffff")
    ),
    max_size=60,
)


@settings(max_examples=1_500, deadline=None)
@given(japanese)
def test_random_texts_are_split_as_budoux_splits_them(text: str) -> None:
    assert phrases(text) == budoux(text)

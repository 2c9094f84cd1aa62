"""A section written with more than its name (a desk, the board above it) is that section."""

from __future__ import annotations

import pytest

from workshop.domain.sections import same_section, section_core


@pytest.mark.parametrize(
    ("written", "core"),
    [
        ("企画課", "企画課"),
        ("企画課（地域交通担当）", "企画課"),
        ("企画課(地域交通担当)", "企画課"),
        ("教育委員会 生涯学習課", "生涯学習課"),
        ("教育委員会　生涯学習課（社会教育係）", "生涯学習課"),
        ("さくら川町社会福祉協議会", "さくら川町社会福祉協議会"),
        ("（仮称）連携推進室", "(仮称)連携推進室"),  # a leading bracket is part of the name
        ("", ""),
    ],
)
def test_the_section_a_name_stands_for(written: str, core: str) -> None:
    assert section_core(written) == core


def test_same_section() -> None:
    assert same_section("企画課", "企画課（地域交通担当）")
    assert not same_section("企画課", "企画政策課")
    assert not same_section("", "")

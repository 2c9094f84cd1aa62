"""Minutes are written in plain style (である調, 体言止め): no sentence of the 会議録 or
the 概要, in any format, ends in です/ます or asks the reader (ください). The stage
self-check's findings, which the minutes repeat in their 参考資料, have their own
wording there; the self-check screen keeps its polite sentences. Read back with
python-docx, html.parser and as Markdown text."""

from __future__ import annotations

import re

import pytest
from export_data import HtmlReader, docx_text

from workshop.demo import demo_bundle
from workshop.domain.bundle import InitiativeData
from workshop.domain.records import StageAnswer
from workshop.export import ExportOptions, render
from workshop.export.content import Context
from workshop.export.content_knowledge import stage_findings
from workshop.i18n import catalog, t

POLITE = re.compile(r"(です|ます|ください|でした|ました|ません|でしょう)$")
_TRAILING_BRACKETS = re.compile(r"\s*[（(][^（）()]*[）)]$")


def polite(sentence: str) -> bool:
    """Whether a sentence ends in です/ます/ください, once a closing 。 and trailing
    parentheses and quotes are set aside: 「…同じです（2段階：29.6%）。」 does."""
    text = sentence.strip().rstrip("。．.|　 ")
    while True:
        shorter = _TRAILING_BRACKETS.sub("", text).rstrip("」』　 ")
        if shorter == text:
            return bool(POLITE.search(text))
        text = shorter


def sentences(parts: list[str]) -> list[str]:
    """Sentences of the text pieces: split after 。！？, at line ends and after a colon
    that ends a lead-in (「意見が分かれています: 現在 1〜3」 is two)."""
    out = []
    for part in parts:
        out += [s.strip() for s in re.split(r"(?<=[。！？])|\n|[:：]\s", part) if s.strip()]
    return out


def text_parts(fmt: str, blob: bytes) -> list[str]:
    if fmt in ("docx", "summary"):
        return docx_text(blob).split("\n")
    if fmt == "html":
        return HtmlReader(blob.decode("utf-8")).text_parts
    return blob.decode("utf-8").split("\n")


@pytest.fixture(scope="module")
def demo() -> InitiativeData:
    return demo_bundle().data


def test_the_checker_sees_a_polite_sentence() -> None:
    assert polite("調査で最も多い差と同じです（2段階：29.6%、N=233）。")
    assert polite("入力を確かめてください。")
    assert polite("意見が分かれています")
    assert not polite("調査で最も多い差（2段階：29.6%、N=233）と同じ。")
    assert not polite("現在と目標の差：2段階")
    assert sentences(["意見が分かれています: 現在 1〜3"]) == ["意見が分かれています", "現在 1〜3"]


@pytest.mark.parametrize("fmt", ["docx", "md", "html", "summary"])
@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_no_sentence_of_the_minutes_is_polite(demo: InitiativeData, fmt: str, public: bool) -> None:
    for sd in demo.ordered_sessions():
        blob = render(fmt, demo, sd.session.id, ExportOptions(public=public))
        found = [s for s in sentences(text_parts(fmt, blob)) if polite(s)]
        assert not found, (sd.session.title, found)


def _with_answers(data: InitiativeData, answers: list[tuple[int | None, int, int]]) -> tuple:
    """The demo's first session with other stage answers: (attendee index or None for
    the team, current, target)."""
    sd = data.ordered_sessions()[0]
    people = sorted(sd.attendees, key=lambda a: a.position)
    rows = [
        StageAnswer(
            session_id=sd.session.id,
            attendee_id=None if who is None else people[who].id,
            current=current,
            target=target,
        )
        for who, current, target in answers
    ]
    new = sd.model_copy(update={"stage_answers": rows})
    sessions = [new if x is sd else x for x in data.sessions]
    return data.model_copy(update={"sessions": sessions}), sd.session.id


@pytest.mark.parametrize(
    "answers",
    [
        [(0, 2, 4)],  # one answer only
        [(None, 4, 2), (0, 4, 2), (1, 4, 2)],  # a target below the current stage
        [(None, 3, 3), (0, 3, 3), (1, 3, 3)],  # agreed, no gap
        [(None, 1, 5), (0, 2, 4), (1, 2, 4)],  # a team row nobody chose, a large gap
        [(0, 2, 4), (1, 3, 5), (2, 2, 5)],  # no team row: the attendees' median
    ],
    ids=["single", "backwards", "agreed", "team-outside", "median"],
)
def test_every_kind_of_finding_is_worded_for_minutes(
    demo: InitiativeData, answers: list[tuple[int | None, int, int]]
) -> None:
    data, sid = _with_answers(demo, answers)
    findings = stage_findings(Context.of(data, sid))
    assert findings
    assert not [s for s in sentences(findings) if polite(s)]
    md = render("md", data, sid).decode("utf-8")
    references = md[md.index("参考資料") :]
    assert not [s for s in sentences(references.split("\n")) if polite(s)]


def test_minutes_wording_is_complete_and_the_screen_keeps_its_own() -> None:
    keys = {
        k.removeprefix("export.stage_found.")
        for k in catalog("ja")
        if k.startswith("export.stage_found.")
    }
    en = {
        k.removeprefix("export.stage_found.")
        for k in catalog("en")
        if k.startswith("export.stage_found.")
    }
    assert keys == en and len(keys) >= 20
    screen = {
        k.removeprefix("knowledge.stage.")
        for k in catalog("ja")
        if k.startswith("knowledge.stage.")
    }
    assert keys - {"median_line"} <= screen  # the same findings, key for key
    params = dict.fromkeys(
        (
            "low",
            "high",
            "stage",
            "who",
            "team",
            "chosen",
            "n",
            "below",
            "n_below",
            "same",
            "n_same",
            "above",
            "n_above",
            "other",
            "N",
            "gap",
            "mode",
            "within",
            "zero",
            "kanji",
            "reading",
            "stages",
            "current",
            "target",
        ),
        "1",
    )
    for key in keys:
        text = t(f"export.stage_found.{key}", "ja", **params)
        assert not [s for s in sentences([text]) if polite(s)], key
    # the self-check screen still speaks to the facilitator
    assert polite(t("knowledge.stage.agreed", "ja", stage=2))
    assert "ください" in t("knowledge.stage.gap_backwards", "ja")

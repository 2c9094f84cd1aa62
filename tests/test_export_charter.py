"""The draft charter (設置要綱案) from step 4, read back with python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from export_data import VISION, Fixture, build, docx_text

from workshop.domain.enums import SecretariatMode, SessionStatus
from workshop.export import export_session, render


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return build(status=SessionStatus.FINAL)


@pytest.fixture(scope="module")
def text(fx: Fixture) -> str:
    return docx_text(render("charter", fx.data, fx.initial_id))


def test_file_name(fx: Fixture, tmp_path: Path) -> None:
    path = export_session(fx.data, fx.initial_id, "charter", tmp_path)
    assert path.name == "20261122_第1回連携会議_設置要綱案.docx"


def test_articles_in_order(text: str) -> None:
    positions = [text.index(f"第{n}条") for n in range(1, 8)]
    assert positions == sorted(positions)
    for caption in ("（目的）", "（所掌事項）", "（組織）", "（会議）", "（事務局・庶務）",
                    "（書記の輪番）", "（見直し）"):  # fmt: skip
        assert caption in text
    assert "附　則" in text and "令和　　年　　月　　日から施行する" in text


def test_always_a_draft_even_for_a_final_session(text: str) -> None:
    assert "設置要綱（案）" in text and "【案】" in text


def test_facts_from_the_session(fx: Fixture, text: str) -> None:
    m = fx.initial.mechanisms[0]
    assert text.count("みなと町移動・買い物支援連携会議") >= 2
    assert "みなと町みなと町" not in text
    assert VISION in text  # 第1条 目的 from the vision
    assert "令和9年度中に移動販売の試行を始める" in text  # and the goals
    for member in m.members:
        assert re.search(rf"（\d）{member}", text), member  # 第3条 構成員
    assert "毎月1回（第3月曜日）" in text  # 第4条 頻度
    assert "みなと町地域包括ケア推進本部に報告" in text
    assert "持ち回り" in text and "（1）高齢福祉課\n（2）交通政策課\n（3）商工観光課" in text
    assert "輪番" in text and "7日以内" in text  # 第6条
    assert "令和9年11月30日までに" in text  # 第7条


def test_single_secretariat_and_no_mechanism() -> None:
    fx = build(long=False)
    sd = fx.initial
    m = sd.mechanisms[0]
    sd.mechanisms[0] = m.model_copy(
        update={"secretariat_mode": SecretariatMode.SINGLE, "secretariat": ["高齢福祉課"]}
    )
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "会議の事務局は高齢福祉課に置き" in text
    sd.mechanisms.clear()
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "第7条" in text and "（　　　　）" in text and "1年を経過するまで" in text

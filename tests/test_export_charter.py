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
    positions = [text.index(f"第{n}条") for n in range(1, 14)]
    assert positions == sorted(positions)
    captions = ("（目的）", "（所掌事項）", "（組織）", "（座長）", "（会議）", "（代理出席）",
                "（意見の聴取）", "（守秘義務）", "（事務局）", "（書記）", "（庶務）",
                "（設置期間）", "（その他）")  # fmt: skip
    found = [text.index(c) for c in captions]
    assert found == sorted(found)
    assert "附　則" in text and "令和　　年　　月　　日から施行する" in text


def test_always_a_draft_even_for_a_final_session(text: str) -> None:
    assert "設置要綱（案）" in text and "【案】" in text


def test_facts_from_the_session(fx: Fixture, text: str) -> None:
    m = fx.initial.mechanisms[0]
    assert text.count("みなと町移動・買い物支援連携会議") >= 2
    assert "みなと町みなと町" not in text
    assert VISION in text  # 第1条 目的 from the vision
    # dated targets belong to the action plan, not to 第1条
    assert "令和9年度中に移動販売の試行を始める" not in text
    for member in m.members:
        assert re.search(rf"（\d）{member}", text), member  # 第3条 構成員
    assert "毎月1回（第3月曜日）" in text  # 第4条 頻度
    assert "みなと町地域包括ケア推進本部に報告" in text
    assert "持ち回り" in text and "（1）高齢福祉課\n（2）交通政策課\n（3）商工観光課" in text
    assert "輪番" in text and "7日以内" in text  # 第6条
    assert "令和9年11月30日までとする" in text  # 設置期間


def test_single_secretariat_and_no_mechanism() -> None:
    fx = build(long=False)
    sd = fx.initial
    m = sd.mechanisms[0]
    sd.mechanisms[0] = m.model_copy(
        update={"secretariat_mode": SecretariatMode.SINGLE, "secretariat": ["高齢福祉課"]}
    )
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "会議の事務局は、高齢福祉課に置く" in text
    sd.mechanisms.clear()
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "第13条" in text and "（　　　　）" in text and "1年を経過するまで" in text


def test_title_is_the_bodys_name_as_the_minutes_give_it() -> None:
    from workshop.demo import demo_bundle

    data = demo_bundle().data
    first = data.ordered_sessions()[0].session.id
    text = docx_text(render("charter", data, first))
    assert text.startswith("さくら川町くらしの足と買い物連携会議設置要綱（案）")
    assert "架空県" not in text.splitlines()[0]


def test_wording_of_a_charter(text: str) -> None:
    assert "次に掲げる課等の職員" in text and "次に掲げる者" not in text.split("（書記）")[0]
    assert "座長に事故があるとき" in text  # 職務代理
    assert "代理の者を出席させる" in text
    assert "個人情報（名簿に記載された情報を含む。）" in text  # 守秘義務
    assert "構成員以外の者に会議への出席を求め" in text  # 意見の聴取
    assert "庶務は、当該会議の事務局において処理する" in text


def test_anchor_typed_in_step_four_becomes_an_article() -> None:
    from workshop.domain.enums import AnchorKind

    fx = build(long=False)
    sd = fx.initial
    sd.mechanisms[0] = sd.mechanisms[0].model_copy(
        update={
            "anchor": AnchorKind.EXISTING_COUNCIL,
            "anchor_detail": "消費者安全確保地域協議会の部会として位置づける",
        }
    )
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "（位置付け）" in text
    assert re.search(r"第\d+条\u3000会議は、消費者安全確保地域協議会の部会として位置づける。", text)


def test_follow_up_charter_says_what_changed() -> None:
    fx = build(long=False)
    first = fx.initial.mechanisms[0]
    changed = first.model_copy(
        update={
            "id": "m-followup",
            "session_id": fx.followup_id,
            "members": [*first.members, "危機管理課"],
        }
    )
    fx.followup.mechanisms.append(changed)
    text = docx_text(render("charter", fx.data, fx.followup_id))
    assert "前回の案からの変更点：構成員に危機管理課を追加" in text
    assert re.search(r"（\d+）危機管理課", text)


def test_changed_fields_are_said_with_their_verb() -> None:
    """「…を削除、事務局、書記の順番、見直し時期、報告先。」 listed the fields without
    saying what happened to them."""
    fx = build(long=False)
    first = fx.initial.mechanisms[0]
    changed = first.model_copy(
        update={
            "id": "m-followup",
            "session_id": fx.followup_id,
            "members": first.members[1:],
            "secretariat": ["危機管理課"],
            "reports_to": "庁議",
        }
    )
    fx.followup.mechanisms.append(changed)
    text = docx_text(render("charter", fx.data, fx.followup_id))
    gone = first.members[0]
    assert f"前回の案からの変更点：構成員から{gone}を削除、事務局・報告先を変更。" in text


def test_members_are_printed_where_the_article_says_so() -> None:
    """第3条 with no members set on the regular meeting cited a 別表 the document never
    printed. It now lists the sections that took part (said in the draft note), or a
    blank to fill in; no 別表 is cited."""
    fx = build(long=False)
    sd = fx.initial
    sd.mechanisms[0] = sd.mechanisms[0].model_copy(update={"members": []})
    text = docx_text(render("charter", fx.data, fx.initial_id))
    assert "別表" not in text
    present = list(dict.fromkeys(a.department for a in sd.attendees if a.department))
    assert len(present) >= 2
    article = text[text.index("（組織）") : text.index("（座長）")]
    assert "次に掲げる課等の職員" in article
    for n, dept in enumerate(present, start=1):
        assert f"（{n}）{dept}" in article
    assert "会議に出席した課等を掲げた" in text
    sd.attendees.clear()
    text = docx_text(render("charter", fx.data, fx.initial_id))
    article = text[text.index("（組織）") : text.index("（座長）")]
    assert "別表" not in text and "（1）（　　　　）" in article
    assert "会議に出席した課等を掲げた" not in text

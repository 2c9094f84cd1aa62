"""A rich, fictional initiative for the export tests: the town of みなと町.

Four sessions: the initial workshop on 令和8年11月22日（日） and three follow-ups, so one
action item is carried over three times. The text includes what breaks careless
exporters: a formula, Rich markup, HTML, a pipe, emoji, right-to-left script and a
100,000-character card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from workshop.domain.bundle import InitiativeData, SessionData
from workshop.domain.enums import (
    ActionStatus,
    AnchorKind,
    Cadence,
    Capital,
    Disposition,
    PartnerClass,
    ResourceKind,
    Role,
    SecretariatMode,
    SessionKind,
    SessionStatus,
    Side,
    StatementKind,
    Step,
)
from workshop.domain.records import (
    ActionItem,
    ActionReview,
    Attendee,
    BarrierTick,
    Card,
    Decision,
    Initiative,
    KeyPerson,
    Mechanism,
    Resource,
    Session,
    StageAnswer,
    Statement,
)

FORMULA = '=HYPERLINK("http://example.com","x")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What Excel and LibreOffice may run as a formula at the start of a cell (OWASP's CSV
injection list), written out here so tests do not take the exporter's word for it."""
MARKUP = "[bold]強調[/]"
SCRIPT = "<script>alert('x')</script>"
EMOJI = "🚌 バスの便が少ない 👵🏻"
RTL = "مريم"
PIPE = "A|B の比較"
LONG = ("長い意見の貼り付け。" * 10_000)[:100_000]
DATE = date(2026, 11, 22)
DATE_JA = "令和8年11月22日（日）"
VISION = "買い物や通院に、誰もが自分らしく出かけられるみなと町"


def at(d: date, minute: int = 0) -> datetime:
    """A fixed creation time on a day, so the order of records is reproducible."""
    return datetime(d.year, d.month, d.day, 5, minute, tzinfo=UTC)


@dataclass
class Fixture:
    data: InitiativeData
    initial_id: str
    followup_id: str
    attendees: dict[str, list[str]] = field(default_factory=dict)
    """Session id -> names of its attendees."""

    @property
    def initial(self) -> SessionData:
        s = self.data.session(self.initial_id)
        assert s is not None
        return s

    @property
    def followup(self) -> SessionData:
        s = self.data.session(self.followup_id)
        assert s is not None
        return s


# (name, 所属, 役職, side, roles, outside kind)
PEOPLE_1 = [
    ("山田 花子", "高齢福祉課", "課長", Side.INTERNAL, [Role.FACILITATOR, Role.FLAG_BEARER], None),
    ("佐藤 健", "高齢福祉課", "主査", Side.INTERNAL, [Role.RECORDER, Role.SECRETARIAT], None),
    ("鈴木 一郎", "交通政策課", "係長", Side.INTERNAL, [Role.FOLLOWER], None),
    ("高橋 美咲", "商工観光課", "主任", Side.INTERNAL, [Role.PARTICIPANT], None),
    ("田中 誠", "防災安全課", "課長補佐", Side.INTERNAL, [Role.BALANCER], None),
    ("伊藤 さくら", "環境課", "主事", Side.INTERNAL, [], None),
    ("渡辺 大輔", "教育委員会 生涯学習課", "指導主事", Side.INTERNAL, [], None),
    ("中村 由美", "社会福祉協議会", "生活支援コーディネーター", Side.EXTERNAL, [], "shakyo"),
    ("小林 修", "地域包括支援センター", "センター長", Side.EXTERNAL, [], "houkatsu"),
    (f"山本 マリア（{RTL}）", "NPO法人みなと支え愛", "理事", Side.EXTERNAL, [], "npo"),
]


def _attendees(session_id: str, people: list[tuple]) -> list[Attendee]:
    return [
        Attendee(
            session_id=session_id,
            name=name,
            department=dept,
            title=title,
            side=side,
            roles=roles,
            outside_kind=kind,
            position=i,
        )
        for i, (name, dept, title, side, roles, kind) in enumerate(people)
    ]


def _cards(sid: str, by_name: dict[str, Attendee], long: bool) -> list[Card]:
    def card(step: Step, prompt: str, text: str, who: str, votes: int = 0, dept: str = "") -> Card:
        a = by_name[who]
        return Card(
            session_id=sid,
            step=step,
            prompt=prompt,
            text=text,
            author_id=a.id,
            department=dept or a.department,
            votes=votes,
        )

    return [
        card(Step.PREP, "prep.concerns", FORMULA, "鈴木 一郎", 1),
        card(Step.PREP, "prep.concerns", f"{MARKUP} 移動販売の空白地帯がある", "高橋 美咲", 2),
        card(Step.PREP, "prep.concerns", f"{SCRIPT} の混入テスト", "田中 誠"),
        card(Step.PREP, "prep.concerns", EMOJI, "小林 修", 4),
        card(Step.VISION, "vision.town", "誰もが買い物に行けるまち", "山田 花子", 5),
        card(
            Step.VISION,
            "vision.residents",
            LONG if long else "歩いて行ける範囲に店がある",
            "伊藤 さくら",
        ),
        card(Step.VISION, "vision.we_can", "各課の窓口で困りごとに気づき、つなぐ", "中村 由美", 3),
        card(Step.STRENGTHS, "strengths.current", "デマンド交通の運行", "鈴木 一郎"),
        card(Step.STRENGTHS, "strengths.offers", "乗合タクシーの運行データ", "鈴木 一郎"),
        card(Step.STRENGTHS, "strengths.needs", "利用者の外出ニーズの把握", "鈴木 一郎"),
        card(Step.STRENGTHS, "strengths.current", "高齢者の外出支援・送迎事業", "佐藤 健"),
        card(Step.STRENGTHS, "strengths.needs", "買い物に行けない高齢者への移動販売", "佐藤 健"),
        card(Step.STRENGTHS, "strengths.strengths", "地域包括支援センターとの連携", "山田 花子"),
        card(Step.STRENGTHS, "strengths.current", "商店街の活性化と移動販売の補助", "高橋 美咲"),
        card(Step.STRENGTHS, "strengths.offers", "移動販売事業者とのつながり", "高橋 美咲"),
        card(
            Step.STRENGTHS, "strengths.touchpoints", "避難行動要支援者名簿の更新時の訪問", "田中 誠"
        ),
        card(Step.STRENGTHS, "strengths.merit", "見守り活動の担い手が増える", "中村 由美"),
        card(Step.STRENGTHS, "strengths.strengths", PIPE, "伊藤 さくら"),
        card(Step.RESOURCES, "resources.existing", "地域ケア会議を活用できる", "小林 修", 2),
        card(
            Step.RESOURCES, "resources.lever", "デマンド交通の予約窓口に相談を載せる", "鈴木 一郎"
        ),
        card(
            Step.MECHANISM, "mechanism.continuity", "引継ぎ書に会議の位置づけを書く", "佐藤 健", 2
        ),
        card(Step.MECHANISM, "mechanism.fun", "毎回ひとつ成果を共有する", "渡辺 大輔"),
        card(Step.SUMMARY, "summary.take_back", "課内会議で今日の結果を報告する", "田中 誠"),
    ]


def _statements(sid: str) -> list[Statement]:
    texts = [
        (StatementKind.VISION, VISION),
        (StatementKind.PRINCIPLE, "住民の困りごとを起点に考える"),
        (StatementKind.PRINCIPLE, "できることを持ち寄り、無理なく続ける"),
        (StatementKind.PRINCIPLE, f"分野の垣根を越えて情報を共有する {MARKUP}"),
        (StatementKind.GOAL, "買い物・通院の移動手段がない高齢者を把握し、支援につなぐ"),
        (StatementKind.GOAL, "令和9年度中に移動販売の試行を始める"),
    ]
    return [Statement(session_id=sid, kind=k, text=x, position=i) for i, (k, x) in enumerate(texts)]


def _resources(sid: str) -> list[Resource]:
    return [
        Resource(
            session_id=sid,
            name="地域ケア会議",
            kind=ResourceKind.COUNCIL,
            owner="高齢福祉課",
            capitals=[Capital.PEOPLE, Capital.INFORMATION],
            leverage="移動・買い物の個別課題を持ち寄る場にする",
            disposition=Disposition.REUSE,
            members=["高齢福祉課", "地域包括支援センター", "社会福祉協議会"],
            position=0,
        ),
        Resource(
            session_id=sid,
            name="デマンド交通",
            kind=ResourceKind.PROGRAMME,
            owner="交通政策課",
            capitals=[Capital.THINGS, Capital.MONEY],
            leverage="+SUM(A1:A3) 予約時に買い物の行き先も聞く",
            disposition=Disposition.MERGE,
            position=1,
        ),
        Resource(
            session_id=sid,
            name="商店街の空き店舗",
            kind=ResourceKind.FACILITY,
            owner="商工観光課",
            capitals=[Capital.THINGS],
            leverage="移動販売の拠点にする",
            disposition=Disposition.NEW,
            position=2,
        ),
    ]


def _mechanism(sid: str) -> Mechanism:
    return Mechanism(
        session_id=sid,
        name="みなと町移動・買い物支援連携会議",
        cadence=Cadence.MONTHLY,
        first_date=date(2026, 12, 21),
        start_time=time(13, 30),
        duration_minutes=90,
        place="みなと町役場 2階 203会議室",
        members=["高齢福祉課", "交通政策課", "商工観光課", "防災安全課", "社会福祉協議会"],
        secretariat_mode=SecretariatMode.ROTATING,
        secretariat=["高齢福祉課", "交通政策課", "商工観光課"],
        recorder_rotation=True,
        reports_to="みなと町地域包括ケア推進本部",
        anchor=AnchorKind.YOUKOU,
        anchor_detail="設置要綱を令和9年4月に制定する",
        review_date=date(2027, 11, 30),
    )


def _key_persons(iid: str, sid: str) -> list[KeyPerson]:
    return [
        KeyPerson(
            initiative_id=iid,
            session_id=sid,
            name="山田 花子",
            department="高齢福祉課",
            role="旗振り役",
            deputy_name="佐藤 健",
            deputy_department="高齢福祉課",
        ),
        KeyPerson(
            initiative_id=iid,
            session_id=sid,
            name="鈴木 一郎",
            department="交通政策課",
            role="交通分野の窓口",
            transfer_date=date(2027, 4, 1),
        ),
        KeyPerson(
            initiative_id=iid,
            session_id=sid,
            name="中村 由美",
            department="社会福祉協議会",
            role="地域とのつなぎ役",
            deputy_name="木村 綾",
            deputy_department="社会福祉協議会",
        ),
        KeyPerson(
            initiative_id=iid,
            session_id=None,
            name="加藤 浩",
            department="高齢福祉課",
            role="前任の事務局",
            deputy_name="佐藤 健",
            left=True,
            new_department="企画課",
        ),
    ]


def _actions(iid: str, sid: str) -> list[ActionItem]:
    rows = [
        (
            "デマンド交通の利用者アンケートに買い物の設問を追加する",
            "交通政策課",
            "鈴木 一郎",
            ["高齢福祉課"],
            date(2027, 1, 15),
            "設問案を定例会議で確認する",
        ),
        (
            "移動販売事業者との意見交換会を開く",
            "商工観光課",
            "高橋 美咲",
            ["社会福祉協議会"],
            date(2027, 2, 28),
            "意見交換会の記録を共有する",
        ),
        (
            "避難行動要支援者名簿と見守り対象者リストの突合方法を検討する",
            "防災安全課",
            "田中 誠",
            [],
            date(2027, 3, 31),
            "突合の手順書ができる",
        ),
        (
            "ごみ出し支援の対象拡大を環境課と協議する",
            "環境課",
            "伊藤 さくら",
            ["高齢福祉課"],
            None,
            "協議の結果を報告する",
        ),
        (
            "地域の集いの場の一覧を作る",
            "",
            "中村 由美",
            [],
            date(2027, 1, 31),
            "一覧を各課に配布する",
        ),
        (
            f"{FORMULA} のリンク集を | 区切りで整理する",
            "高齢福祉課",
            "佐藤 健",
            [],
            date(2027, 1, 10),
            "リンク集を共有フォルダに置く",
        ),
        (
            "@連絡網 を作り、学校の見守りボランティアに共有する",
            "教育委員会 生涯学習課",
            "渡辺 大輔",
            ["社会福祉協議会"],
            date(2027, 2, 15),
            "連絡網が配布される",
        ),
        (
            "公共交通マップの高齢者向け版を作る",
            "交通政策課",
            "鈴木 一郎",
            ["高齢福祉課", "商工観光課"],
            date(2026, 12, 31),
            "マップを窓口で配布する",
        ),
    ]
    return [
        ActionItem(
            initiative_id=iid,
            session_id=sid,
            what=what,
            owner_department=dept,
            owner_person=person,
            partners=partners,
            due=due,
            done_definition=done,
            position=i,
            created_at=at(DATE, i),
        )
        for i, (what, dept, person, partners, due, done) in enumerate(rows)
    ]


def _followup(
    iid: str, title: str, day: date, people: list[tuple], status: SessionStatus
) -> SessionData:
    s = Session(
        initiative_id=iid,
        title=title,
        kind=SessionKind.FOLLOWUP,
        date=day,
        start_time=time(13, 30),
        end_time=time(15, 0),
        place="みなと町役場 2階 203会議室",
        facilitator="山田 花子",
        recorder="佐藤 健",
        reached_step=Step.SUMMARY,
        status=status,
        created_at=at(day),
    )
    return SessionData(session=s, attendees=_attendees(s.id, people))


def build(
    status: SessionStatus = SessionStatus.DRAFT, title: str = "第1回連携会議", long: bool = True
) -> Fixture:
    """The initiative; `status` applies to the initial and the last follow-up session.
    `long=False` leaves out the 100,000-character card (for a quick look at a layout)."""
    ini = Initiative(
        name="みなと町 高齢者の移動と買い物を支える分野連携",
        municipality="みなと町",
        population=18_500,
        ageing_rate=38.2,
    )
    s1 = Session(
        initiative_id=ini.id,
        title=title,
        date=DATE,
        start_time=time(14, 0),
        end_time=time(16, 0),
        place="みなと町役場 3階 第1会議室",
        facilitator="山田 花子",
        recorder="佐藤 健",
        themes=["移動支援", "買い物支援"],
        reached_step=Step.SUMMARY,
        current_step=Step.SUMMARY,
        status=status,
        next_meeting_date=date(2026, 12, 21),
        next_meeting_time=time(13, 30),
        next_meeting_place="みなと町役場 2階 203会議室",
        next_meeting_note="各課の取組資料を持参",
        created_at=at(DATE),
    )
    people = _attendees(s1.id, PEOPLE_1)
    by_name = {a.name: a for a in people}
    cards = _cards(s1.id, by_name, long)
    need = next(c for c in cards if c.text == "買い物に行けない高齢者への移動販売")
    offer = next(c for c in cards if c.text == "移動販売事業者とのつながり")
    decisions = [
        Decision(
            session_id=s1.id,
            text="移動支援の事業を交通政策課と高齢福祉課で一本化する検討を始める",
            origin="overlap:mobility",
            position=0,
        ),
        Decision(
            session_id=s1.id,
            text="移動販売の事業者紹介を商工観光課が高齢福祉課に行う",
            origin=f"complement:{need.id}:{offer.id}",
            position=1,
        ),
        Decision(
            session_id=s1.id,
            text="定例会議を毎月開催し、事務局は3課の持ち回りとする",
            review_date=date(2027, 11, 30),
            position=2,
        ),
        Decision(session_id=s1.id, text=f"{MARKUP} 資料は <b>共有フォルダ</b> に置く", position=3),
    ]
    s1_data = SessionData(
        session=s1,
        attendees=people,
        cards=cards,
        statements=_statements(s1.id),
        resources=_resources(s1.id),
        mechanisms=[_mechanism(s1.id)],
        decisions=decisions,
        stage_answers=[
            StageAnswer(session_id=s1.id, attendee_id=None, current=2, target=4),
            StageAnswer(session_id=s1.id, attendee_id=by_name["山田 花子"].id, current=2, target=5),
            StageAnswer(session_id=s1.id, attendee_id=by_name["鈴木 一郎"].id, current=3, target=4),
            StageAnswer(session_id=s1.id, attendee_id=by_name["中村 由美"].id, current=2, target=4),
        ],
        barrier_ticks=[
            BarrierTick(
                session_id=s1.id,
                barrier="bar_low_interest",
                partner=PartnerClass.OTHER,
                remedies=["rem_low_interest_1", "rem_low_interest_2"],
                note=f"商工分野の関心を高めたい {MARKUP}",
            ),
            BarrierTick(
                session_id=s1.id,
                barrier="bar_which_programmes",
                partner=PartnerClass.MCW,
                remedies=["rem_which_programmes_1"],
            ),
        ],
    )
    actions = _actions(ini.id, s1.id)
    enquete, vendors, roster, garbage, places, _, _, transit_map = actions

    s2 = _followup(ini.id, "第2回連携会議", date(2026, 12, 21), PEOPLE_1[:5], SessionStatus.FINAL)
    s3 = _followup(ini.id, "第3回連携会議", date(2027, 1, 21), PEOPLE_1[:5], SessionStatus.FINAL)
    s4 = _followup(ini.id, "第4回連携会議", date(2027, 2, 22), PEOPLE_1[:6] + PEOPLE_1[7:9], status)
    s4.cards.append(
        Card(
            session_id=s4.session.id,
            step=Step.REVIEW,
            prompt="review.went_well",
            text="意見交換会に事業者が5社参加した",
            votes=2,
        )
    )
    s4.stage_answers.append(StageAnswer(session_id=s4.session.id, current=3, target=4))
    s4.decisions.append(Decision(session_id=s4.session.id, text="移動販売の試行地区を2地区とする"))

    def review(action: ActionItem, sd: SessionData, status: ActionStatus, minute: int, **kw):
        day = sd.session.date
        assert day is not None
        return ActionReview(
            action_id=action.id,
            session_id=sd.session.id,
            status=status,
            created_at=at(day, minute),
            **kw,
        )

    reviews = [
        review(enquete, s2, ActionStatus.IN_PROGRESS, 1, comment="設問案を作成中"),
        review(vendors, s2, ActionStatus.IN_PROGRESS, 2),
        review(transit_map, s2, ActionStatus.IN_PROGRESS, 3, comment="素案を作成中"),
        review(enquete, s3, ActionStatus.DONE, 1, comment="設問を追加した"),
        review(transit_map, s3, ActionStatus.ON_HOLD, 2, comment="担当者の異動予定あり"),
        review(
            transit_map,
            s4,
            ActionStatus.IN_PROGRESS,
            1,
            comment="業者の見積り待ち",
            new_due=date(2027, 3, 31),
        ),
        review(vendors, s4, ActionStatus.DONE, 2, comment="2月10日に意見交換会を開催した"),
        review(
            roster,
            s4,
            ActionStatus.IN_PROGRESS,
            3,
            comment="組織改編により移管",
            handed_over_to="危機管理課",
        ),
        review(
            places,
            s4,
            ActionStatus.IN_PROGRESS,
            4,
            comment="担当課を決める",
            new_due=date(2027, 3, 15),
        ),
        review(garbage, s4, ActionStatus.CANCELLED, 5, comment="環境課の既存事業で対応"),
    ]
    new_item = ActionItem(
        initiative_id=ini.id,
        session_id=s4.session.id,
        what="移動販売の試行ルートを決める",
        owner_department="商工観光課",
        owner_person="高橋 美咲",
        due=date(2027, 4, 30),
        done_definition="試行ルート案が会議で承認される",
    )
    data = InitiativeData(
        initiative=ini,
        sessions=[s1_data, s2, s3, s4],
        key_persons=_key_persons(ini.id, s1.id),
        actions=[*actions, new_item],
        reviews=reviews,
    )
    return Fixture(
        data=data,
        initial_id=s1.id,
        followup_id=s4.session.id,
        attendees={sd.session.id: [x.name for x in sd.attendees] for sd in data.sessions},
    )


def small(card_text: str, action_text: str, title: str = "会議") -> tuple[InitiativeData, str]:
    """One session with one card, one decision and one action item carrying the given
    text. The text is set without validation (model_copy), so it may hold what the
    domain would strip: the exporters must cope on their own."""
    ini = Initiative(name="小さな取組")
    s = Session(initiative_id=ini.id, title=title, date=DATE, status=SessionStatus.DRAFT)
    person = Attendee(session_id=s.id, name="担当者", department="高齢福祉課")
    card = Card(session_id=s.id, step=Step.VISION, prompt="vision.town", text="x", votes=1)
    decision = Decision(session_id=s.id, text="x")
    action = ActionItem(
        initiative_id=ini.id, session_id=s.id, what="x", owner_department="x", due=date(2027, 1, 5)
    )
    mech = Mechanism(session_id=s.id, name="定例会", first_date=date(2026, 12, 1), members=["x"])
    sd = SessionData(
        session=s,
        attendees=[person.model_copy(update={"name": card_text or "x"})],
        cards=[card.model_copy(update={"text": card_text, "author_id": person.id})],
        decisions=[decision.model_copy(update={"text": card_text})],
        mechanisms=[mech.model_copy(update={"name": action_text or "x", "place": card_text})],
    )
    data = InitiativeData(
        initiative=ini,
        sessions=[sd],
        actions=[action.model_copy(update={"what": action_text, "owner_department": card_text})],
    )
    return data, s.id


# --- reading the files back, with the library of each format ---------------------------


def docx_text(blob: bytes) -> str:
    """Every paragraph, table cell and page header of a DOCX, one per line."""
    import io

    import docx

    doc = docx.Document(io.BytesIO(blob))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


class HtmlReader:
    """Parses HTML with html.parser: the text, the tags, and whether they balance."""

    VOID = frozenset({"meta", "br", "col", "link", "img", "hr", "input"})

    def __init__(self, markup: str) -> None:
        from html.parser import HTMLParser

        reader = self
        self.text_parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []

        class _Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                reader.tags.append((tag, dict(attrs)))
                if tag not in reader.VOID:
                    reader.stack.append(tag)

            def handle_endtag(self, tag):
                if not reader.stack or reader.stack[-1] != tag:
                    reader.errors.append(f"unexpected </{tag}>")
                else:
                    reader.stack.pop()

            def handle_data(self, data):
                reader.text_parts.append(data)

        parser = _Parser(convert_charrefs=True)
        parser.feed(markup)
        parser.close()

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    @property
    def balanced(self) -> bool:
        return not self.errors and not self.stack


def md_unescape(text: str) -> str:
    """Markdown as a reader sees it: backslash escapes resolved, <br> as a newline."""
    import re

    text = text.replace("<br>", "\n").replace("&#32;", " ").replace("&#9;", "\t")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def md_table_rows(text: str) -> list[list[str]]:
    """Rows of every Markdown table, split on unescaped pipes."""
    import re

    rows = []
    for line in text.splitlines():
        if line.startswith("|"):
            rows.append(re.split(r"(?<!\\)\|", line)[1:-1])
    return rows

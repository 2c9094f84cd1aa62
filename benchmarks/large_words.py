"""The words the large benchmark databases are made of (`generate_large.py`): prompts per
step, towns, themes, departments, names, and the fragments of the cards' sentences, all
drawn by a seeded generator."""

from __future__ import annotations

import random

from workshop.domain.enums import Step

PROMPTS: dict[Step, list[str]] = {
    Step.PREP: ["prep.concerns"],
    Step.REVIEW: ["review.went_well", "review.stuck"],
    Step.VISION: ["vision.town", "vision.residents", "vision.we_can"],
    Step.STRENGTHS: [
        "strengths.strengths",
        "strengths.current",
        "strengths.touchpoints",
        "strengths.offers",
        "strengths.needs",
        "strengths.merit",
    ],
    Step.RESOURCES: ["resources.existing", "resources.lever"],
    Step.MECHANISM: ["mechanism.continuity", "mechanism.fun"],
    Step.SUMMARY: ["summary.take_back"],
}
BARRIERS = [
    "bar_which_programmes",
    "bar_which_departments",
    "bar_low_interest",
    "bar_no_trigger",
    "bar_no_champion",
    "bar_benefits_unclear",
    "bar_coordination_cost",
    "bar_no_staff_capacity",
    "bar_not_sustained",
]

TOWNS = [
    "みなと町",
    "さくら市",
    "あおば町",
    "ひかり村",
    "みどり市",
    "かわせ町",
    "やまぶき市",
    "しおかぜ町",
]
THEMES = [
    "おでかけ支援",
    "見守りネットワーク",
    "買い物支援",
    "認知症にやさしいまちづくり",
    "防災と要配慮者",
    "通いの場づくり",
    "空き家の活用",
    "多世代交流",
    "移動販売",
    "就労的活動",
]
DEPARTMENTS = [
    "高齢福祉課",
    "地域包括ケア推進課",
    "交通政策課",
    "商工観光課",
    "危機管理課",
    "教育委員会",
    "環境課",
    "税務課",
    "健康づくり課",
    "都市計画課",
    "社会福祉協議会",
    "地域包括支援センター",
    "NPO法人まちの輪",
    "警察署 生活安全課",
    "医師会",
    "商工会",
]
SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
]
GIVEN = [
    "太郎",
    "花子",
    "健",
    "美咲",
    "翔",
    "陽子",
    "誠",
    "由美",
    "大輔",
    "恵",
    "直樹",
    "真理",
    "学",
    "優子",
    "亮",
    "愛",
]
SUBJECTS = [
    "買い物",
    "通院",
    "バスの便",
    "見守り",
    "ごみ出し",
    "災害時の避難",
    "認知症の方の外出",
    "通いの場",
    "空き家",
    "移動販売車",
    "地域の商店",
    "学校の空き教室",
    "公民館",
    "デマンド交通",
    "民生委員の訪問",
    "配食サービス",
]
PREDICATES = [
    "が不便になっている",
    "を一緒に考えたい",
    "の情報が担当課ごとに分かれている",
    "に若い世代も関われるようにしたい",
    "を既存の会議で扱えないか",
    "のデータを共有できると助かる",
    "で困っている人に早く気づきたい",
    "について住民の声を集めたい",
    "の担い手が足りない",
    "を次の予算要求につなげたい",
]
TAILS = [
    "。",
    "（地区によって差がある）。",
    "。まずは試行から始めたい。",
    "。来年度の計画に反映できるか確認する。",
    "。※関係課で意見交換が必要。",
    "。具体的には、週に一度の巡回と月例の情報共有を想定している。",
]


def sentence(rng: random.Random, parts: int = 1) -> str:
    out = []
    for _ in range(parts):
        out.append(rng.choice(SUBJECTS) + rng.choice(PREDICATES) + rng.choice(TAILS))
    return "".join(out)

"""別紙 of the minutes: every card by step and prompt (optional in the full 会議録)."""

from __future__ import annotations

from workshop.domain.enums import Step
from workshop.domain.records import PROFILE_HEADINGS, Card
from workshop.export.content import Context, L, lab, reference
from workshop.export.document import Block, Heading, Para, Table
from workshop.export.minutes_steps import card_author


def _prompt_texts() -> dict[str, str]:
    ref = reference()
    if ref is None:
        return {}
    return {p.key: p.text for s in ref.steps.steps for p in s.prompts}


def cards_appendix(ctx: Context) -> tuple[Block, ...]:
    cards = ctx.live
    if not cards:
        return (Para(L("common.none")),)
    prompts = _prompt_texts()
    prompt_order = {k: i for i, k in enumerate(prompts)}
    blocks: list[Block] = [Para(L("cards.intro"), "note")]
    steps = list(ctx.steps) + [s for s in Step if s not in ctx.steps]
    header = (L("col.no"), L("col.card"), L("col.author"), L("col.department"), L("col.votes"))
    groups: dict[Step, dict[str, list[Card]]] = {}  # step -> prompt -> cards, in order
    for card in cards:
        groups.setdefault(card.step, {}).setdefault(card.prompt, []).append(card)
    no = 0
    for step in steps:
        by_prompt = groups.get(step)
        if not by_prompt:
            continue
        blocks.append(Heading(lab("step_title", step)))
        keys = sorted(by_prompt, key=lambda k: (prompt_order.get(k, 999), k))
        for key in keys:
            group = by_prompt[key]
            blocks.append(Heading(_prompt_title(key, prompts), 4))
            rows = []
            for c in group:
                no += 1
                name, dept = card_author(ctx, c)
                rows.append((str(no), c.text, name, dept, str(c.votes)))
            blocks.append(Table(header, tuple(rows), small=True, family="cards"))
    return tuple(blocks)


def _prompt_title(key: str, prompts: dict[str, str]) -> str:
    if key in prompts:
        return L("cards.prompt", text=prompts[key])
    if key in PROFILE_HEADINGS:
        return lab("heading", key)
    return key or L("cards.free")

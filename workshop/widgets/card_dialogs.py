"""The dialogs that change one card of a board: its text, speaker, section, prompt, tags,
votes and privacy (edit), its dot votes (vote), and the prompts it can be moved to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workshop.domain.enums import Step
from workshop.domain.records import Card
from workshop.i18n import label, t
from workshop.widgets.card_capture import prompt_label
from workshop.widgets.forms import FieldSpec, FormDialog, model_validator

if TYPE_CHECKING:
    from collections.abc import Sequence

    from workshop.context import SessionContext


def all_prompts(ctx: SessionContext) -> list[tuple[str, str, Step]]:
    """(key, label, step) of every prompt a card can be moved to."""
    out = []
    for step in ctx.ref.steps.steps:
        for p in step.prompts:
            out.append(
                (p.key, f"{label('step', step.key)} — {prompt_label(ctx, p.key)}", Step(step.key))
            )
    return out


def edit_dialog(ctx: SessionContext, card: Card, prompts: Sequence[str]) -> FormDialog:
    """Everything about a card, saved together (the dialog closes once it is saved)."""
    fields = [
        FieldSpec("text", t("field.text"), "text"),
        FieldSpec(
            "author_id",
            t("board.author"),
            "select",
            options=[(ctx.person_label(a), a.id) for a in ctx.attendees],
        ),
        FieldSpec("department", t("field.department"), suggestions=ctx.department_suggestions()),
        FieldSpec(
            "prompt",
            t("board.col_prompt"),
            "select",
            options=[(prompt_label(ctx, k), k) for k in prompts],
            allow_blank=False,
        ),
        FieldSpec("tags", t("board.tags"), "list", help=t("board.tags_help")),
        FieldSpec("votes", t("field.votes"), "int"),
        FieldSpec("private", t("field.private"), "bool", help=t("field.private_help")),
    ]

    def submit(result: dict[str, Any]) -> Card | None:
        if result.get("votes") is None:
            result["votes"] = 0
        result["department"] = department_after_edit(ctx, card, result)
        return ctx.save(ctx.store.update, card, **result)

    return FormDialog(
        t("board.edit_title"),
        fields,
        card.model_dump(),
        model_validator(Card, card.model_dump()),
        submit=submit,
    )


def department_after_edit(ctx: SessionContext, card: Card, result: dict[str, Any]) -> str:
    """A new speaker brings their section, unless the section was set by hand (it
    differs from the old speaker's, or was changed in this edit)."""
    typed = result.get("department") or ""
    if result.get("author_id") == card.author_id or typed != card.department:
        return typed
    old = ctx.attendee(card.author_id)
    if card.department and card.department != (old.department if old else ""):
        return typed
    new = ctx.attendee(result.get("author_id"))
    return new.department if new else typed


def vote_dialog(ctx: SessionContext, card: Card) -> FormDialog:
    """A card's dot votes alone."""

    def submit(result: dict[str, Any]) -> Card | None:
        return ctx.save(ctx.store.update, card, votes=result.get("votes") or 0)

    spec = FieldSpec("votes", t("field.votes"), "int", help=t("board.votes_help"))
    return FormDialog(
        t("board.vote_title"),
        [spec],
        {"votes": card.votes},
        model_validator(Card, card.model_dump()),
        submit=submit,
    )


__all__ = ["all_prompts", "department_after_edit", "edit_dialog", "vote_dialog"]

"""The pick-one list with a detail pane shared by the collaboration patterns (②) and the
organisational patterns (④)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import OptionList, Static

from workshop.widgets.entry_patterns import EntryPatterns
from workshop.widgets.org_patterns import OrgPatterns
from workshop.widgets.pick_detail import PickWithDetail


@dataclass
class Thing:
    key: str
    name: str


class Things(PickWithDetail[Thing]):
    def title(self, item: Thing, chosen: bool) -> Text:
        return Text(("✓ " if chosen else "  ") + item.name)

    def detail(self, item: Thing, chosen: bool) -> Text:
        return Text(f"{item.name}の説明" + ("（選択中）" if chosen else ""))


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.picked: list[str | None] = []

    def compose(self) -> ComposeResult:
        items = [Thing("a", "相乗り"), Thing("b", "面の連携"), Thing("c", "点と点")]
        yield Things(items, "b", "選んでください", "th")

    def on_pick_with_detail_picked(self, event: PickWithDetail.Picked) -> None:
        self.picked.append(event.key)
        event.control.set_chosen(event.key)


def _detail(app: Host) -> str:
    return str(app.query_one("#th-text", Static).render())


async def test_the_list_starts_on_the_choice_and_the_detail_follows_the_cursor() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.query_one(OptionList).highlighted == 1
        assert "面の連携の説明（選択中）" in _detail(app)
        app.query_one(OptionList).focus()
        await pilot.press("down")
        assert _detail(app) == "点と点の説明"
        await pilot.press("enter")
        await pilot.pause()
        assert app.picked == ["c"]
        assert "点と点の説明（選択中）" in _detail(app)
        await pilot.press("f9")
        await pilot.pause()
        assert app.picked == ["c", None]
        assert _detail(app) == "点と点の説明"
        await pilot.press("f9")  # nothing chosen: nothing to clear
        await pilot.pause()
        assert app.picked == ["c", None]


def test_both_pattern_lists_are_the_shared_widget() -> None:
    assert issubclass(EntryPatterns, PickWithDetail)
    assert issubclass(OrgPatterns, PickWithDetail)

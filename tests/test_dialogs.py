"""The small dialogs: typing to filter a list (the speaker, the question to move a card
to, the case library) finds what the list says with or without an IME; a long title is
read whole; an error line goes when its field is typed into."""

from __future__ import annotations

import re
from typing import Any

from textual.app import App
from textual.widgets import OptionList

from tests.ui_helpers import screen_text, settle
from workshop.domain.search_text import fold, matches, query_words
from workshop.widgets.dialogs import PickDialog
from workshop.widgets.prose import Prose

PEOPLE = [
    ("山田 恵子（高齢福祉課）", "yamada"),
    ("松本 直人（防災安全課）", "matsumoto"),
    ("西田 亜紀（地域包括支援センター）", "nishida"),
    ("Kato Makoto（JA みどり）", "kato"),
]


def _found(typed: str) -> list[str]:
    words = query_words(typed)
    return [value for label, value in PEOPLE if matches(words, fold(label))]


def test_a_name_typed_without_its_space_is_found() -> None:
    # an IME turns やまだけいこ into 山田恵子; the list writes 山田 恵子
    assert _found("山田恵子") == ["yamada"]
    assert _found("山田　恵子") == ["yamada"]  # a full-width space between the words


def test_katakana_typed_in_hiragana_and_half_width_are_found() -> None:
    assert _found("せんたー") == ["nishida"]
    assert _found("ｾﾝﾀｰ") == ["nishida"]
    assert _found("ｋａｔｏ") == ["kato"]
    assert _found("ja") == ["kato"]


def test_every_word_must_occur() -> None:
    assert _found("福祉 山田") == ["yamada"]
    assert _found("福祉 松本") == []
    assert _found("") == [value for _, value in PEOPLE]
    assert _found("   ") == [value for _, value in PEOPLE]


def test_kanji_are_not_found_by_a_reading() -> None:
    # readings of names are not known: まつ does not find 松本 (the dialog says so)
    assert _found("まつ") == []


class _Picker(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(PickDialog("発言者を選ぶ", PEOPLE), self.chosen.append)


def _shown(app: App[Any]) -> list[str]:
    options = app.screen.query_one(OptionList)
    if not options.display:
        return []
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_the_dialog_filters_says_when_nothing_matches_and_takes_the_first() -> None:
    app = _Picker()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        field = app.screen.query_one("#pick-filter")
        none = app.screen.query_one("#pick-none", Prose)
        assert len(_shown(app)) == 4 and not none.display
        field.insert_text_at_cursor("まつ")
        await settle(pilot)
        assert _shown(app) == []
        assert none.display
        shown = "".join(screen_text(app).split())
        assert "「まつ」に当てはまるものはありません" in shown
        await pilot.press("enter")  # nothing to take: the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, PickDialog) and app.chosen == []
        field.value = ""
        field.insert_text_at_cursor("松本直人")
        await settle(pilot)
        assert _shown(app) == ["松本 直人（防災安全課）"] and not none.display
        await pilot.press("enter")
        await settle(pilot)
        assert app.chosen == ["matsumoto"]


class _Asker(App[None]):
    def __init__(self, dialog: Any) -> None:
        super().__init__()
        self.dialog = dialog

    def on_mount(self) -> None:
        self.push_screen(self.dialog)


async def test_a_long_dialog_title_is_read_whole_at_100_by_30() -> None:
    """The question asked when a final record is edited was cut at the dialog's edge
    (…編集するには「案」): a title is broken into lines, never cut."""
    from workshop.i18n import t
    from workshop.widgets.forms import FieldSpec, FormDialog

    title = t("approval.reopen_title", when="令和8年9月16日（水）17:40", by="山田 恵子")
    for dialog in (
        FormDialog(title, [FieldSpec("by", t("approval.reopened_by"))], {}),
        PickDialog(title, PEOPLE),
    ):
        app = _Asker(dialog)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            # the text of the dialog, without its frame (drawn at each line's ends)
            shown = re.sub(r"[\s█▊▎▀▄]", "", screen_text(app))
            assert "".join(title.split()) in shown, type(dialog).__name__


async def test_an_error_line_goes_when_its_field_is_typed_into() -> None:
    """「入力してください。」 stayed under a name that had since been typed."""
    from workshop.widgets.forms import FieldSpec, FormDialog

    dialog = FormDialog("キーパーソン", [FieldSpec("name", "氏名"), FieldSpec("note", "メモ")], {})
    app = _Asker(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog.show_errors({"name": "入力してください。", "note": "長すぎます。"})
        await settle(pilot)
        shown = screen_text(app)
        assert "入力してください。" in shown and "長すぎます。" in shown
        dialog.query_one("#f-name").insert_text_at_cursor("髙橋 𠮷男")
        await settle(pilot)
        shown = screen_text(app)
        assert "入力してください。" not in shown
        assert "長すぎます。" in shown  # a field not touched keeps its message


async def _key_person_dialog(pilot: Any, session_id: str) -> Any:
    from textual.widgets import DataTable

    from tests.ui_helpers import open_session, show_tab
    from workshop.domain.enums import Step

    await open_session(pilot, session_id)
    pilot.app.screen.go_to(Step.MECHANISM)
    await settle(pilot, 4)
    await show_tab(pilot, "mechanism-tabs", "tab-people")
    pilot.app.screen.query_one("#people").query_one(DataTable).focus()
    await pilot.press("ctrl+n")
    await settle(pilot)
    return pilot.app.screen


async def test_keys_typed_on_after_a_refused_save_go_where_they_were_aimed(tmp_path) -> None:
    """The section typed first, Enter (refused: no name yet), then shift+tab and the name,
    all before the refusal could be seen: the refusal put the cursor on the name field,
    the shift+tab took it away again and the name was lost. Keys typed on after the save
    key now go where they were aimed, and the second save stores the person."""
    from tests.ui_helpers import burst, empty_app, new_session

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _key_person_dialog(pilot, session.id)
        burst(app, ["tab", *"防災安全課", "enter", "shift+tab", *"山田 恵子", "ctrl+s"])
        await settle(pilot, 6)
        assert app.screen is not dialog
        stored = [(p.name, p.department) for p in store.key_persons(session.initiative_id)]
        assert stored == [("山田 恵子", "防災安全課")]


async def test_a_refused_save_seen_puts_the_cursor_on_the_field_to_mend(tmp_path) -> None:
    from textual.widgets import Input

    from tests.ui_helpers import empty_app, new_session

    app, store = empty_app(tmp_path)
    session = new_session(store)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _key_person_dialog(pilot, session.id)
        await pilot.press("tab")
        dialog.query_one("#f-department", Input).insert_text_at_cursor("防災安全課")
        await pilot.press("enter")  # refused, and read: the cursor is on the name now
        await settle(pilot)
        assert "入力してください" in screen_text(app)
        assert app.focused is dialog.query_one("#f-name", Input)
        await pilot.press(*"山田", "ctrl+s")
        await settle(pilot)
        stored = [(p.name, p.department) for p in store.key_persons(session.initiative_id)]
        assert stored == [("山田", "防災安全課")]

"""Keys needed to enter ten attendees with their side (庁内/庁外) and role, counted by
driving the real attendee tab with a Pilot. Run it against any version of the code:

    PYTHONPATH=. python benchmarks/attendee_keys.py          # this tree
    PYTHONPATH=/tmp/old python benchmarks/attendee_keys.py   # an older tree

The version with one-key choosers (widgets/key_chooser.py) is driven by name Enter,
所属, Tab, digit, digit; the older one with drop-downs by Tab, Enter, Down…, Enter for
each drop-down and shift+Tab back to the 所属 to add. Every stored attendee is checked,
so a count is only reported for a path that really records what was meant. Text
characters are counted apart from the special keys (the names are the same in both)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

TEN = [
    ("山田 恵子", "高齢福祉課", 1, 1),
    ("石井 健司", "企画課", 1, 3),
    ("森 早苗", "商工観光課", 1, 2),
    ("松本 直人", "防災安全課", 1, 2),
    ("佐藤 由美", "健康づくり課", 1, 7),
    ("小林 翔", "生涯学習課", 1, 7),
    ("中村 さくら", "交通政策課", 1, 2),
    ("小川 正樹", "みどり町社会福祉協議会", 2, 5),
    ("西田 亜紀", "地域包括支援センター", 2, 4),
    ("加藤 誠", "みどり商工会", 2, 0),
]
"""(name, 所属, side 1=庁内 2=庁外, role number in Role order, 0 = none)."""


async def run() -> dict:
    from workshop.app import WorkshopApp
    from workshop.config import Config
    from workshop.domain.enums import Role, Side
    from workshop.domain.records import Initiative, Session
    from workshop.store import Store

    new_ui = importlib.util.find_spec("workshop.widgets.key_chooser") is not None
    tmp = Path(tempfile.mkdtemp())
    store = Store(tmp / "keys.db")
    ini = store.add(Initiative(name="計測"))
    s = store.add(Session(initiative_id=ini.id, title="第1回"))
    app = WorkshopApp(store=store, config=Config(), persist_config=False)
    special = 0
    text = 0
    async with app.run_test(size=(120, 40)) as pilot:

        async def press(*keys: str) -> None:
            nonlocal special
            special += len(keys)
            await pilot.press(*keys)
            await pilot.pause()

        async def typed(widget, value: str) -> None:
            nonlocal text
            text += len(value)
            widget.insert_text_at_cursor(value)
            await pilot.pause()

        app.open_session(s.id)
        for _ in range(20):
            await pilot.pause(0.05)
        tabs = app.screen.query_one("#prep-tabs")
        while tabs.active != "tab-attendees":
            await pilot.press("f10")
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        name = app.screen.query_one("#qa-name")
        dept = app.screen.query_one("#qa-dept")
        for person, section, side, role in TEN:
            name.focus()
            await pilot.pause()
            await typed(name, person)
            await press("enter")
            await typed(dept, section)
            if new_ui:
                await press("tab", str(side), str(role))
            else:
                await press("tab", "enter", *["down"] * side, "enter")
                if role:
                    await press("tab", "enter", *["down"] * role, "enter", "shift+tab")
                await press("shift+tab", "enter")
            for _ in range(3):
                await pilot.pause(0.05)
        stored = store.attendees(s.id)
    roles = list(Role)
    want = [
        (p, d, [Side.INTERNAL, Side.EXTERNAL][sd - 1], [roles[r - 1]] if r else [])
        for p, d, sd, r in TEN
    ]
    got = [(a.name, a.department, a.side, a.roles) for a in stored]
    return {
        "ui": "one-key choosers" if new_ui else "drop-downs",
        "attendees": len(TEN),
        "special_keys": special,
        "text_characters": text,
        "recorded_as_meant": got == want,
        "mismatches": [str(g) for g, w in zip(got, want, strict=False) if g != w],
    }


def main() -> None:
    result = asyncio.run(run())
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    name = (
        "attendee_keys_new.json" if result["ui"] == "one-key choosers" else "attendee_keys_old.json"
    )
    (out / name).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(0 if result["recorded_as_meant"] else 1)


if __name__ == "__main__":
    main()

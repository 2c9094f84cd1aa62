"""The side panel cites its tips readably (document, chapter or section, page), like
the documents do, not by line numbers of the extraction."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui_helpers import demo_app, open_session, screen_text, settle
from workshop.domain.enums import Step
from workshop.widgets.side_panel import SidePanel


async def test_side_panel_tips_cite_document_and_chapter(tmp_path: Path) -> None:
    app, store, initiative_id = demo_app(tmp_path)
    session = store.sessions(initiative_id)[0]
    async with app.run_test(size=(130, 40)) as pilot:
        await open_session(pilot, session.id)
        screen = app.screen
        for step in (Step.VISION, Step.STRENGTHS, Step.MECHANISM):
            screen.go_to(step)
            await settle(pilot, 4)
            side = screen.query_one(SidePanel)
            ref = screen.c.ref
            info = ref.step_by_key[step.value]
            tail = side.render_tail(step).plain
            for tip in info.tips:
                assert ref.citation(tip.sources[:1]) in tail
            assert "『" in tail
            assert not re.search(r"L\d+", tail), tail
        side.page.scroll_to_widget(side.page.query_one("#sp-tips"), animate=False, top=True)
        await settle(pilot)
        shown = screen_text(app)
        assert "『" in shown and not re.search(r"』L\d+", shown)

"""Publishing the roll-up (issue 15, item 5): a read-only SQLite file and metadata.json,
read back through Datasette's own test client; no personal names anywhere."""

from __future__ import annotations

import json
import stat
from pathlib import Path

# Datasette is in the test extra: the published file is checked with its own test client
import datasette.app as datasette
import pytest

from tests.db_templates import template_store
from tests.test_rollup import fixed
from workshop import cli
from workshop.domain.bundle import Bundle
from workshop.domain.records import Attendee, Initiative, Session
from workshop.store import Store


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, dict, set[str]]:
    db = tmp_path / "pref.db"
    names: set[str] = set()
    store, iid = template_store(db, demo=True)
    with store:
        data = store.initiative_data(iid)
        for d in fixed():
            store.import_bundle(Bundle(data=d))
        # a name typed into an initiative's title and a theme is masked too
        named = store.add(
            Initiative(name="中村 一郎さんの居場所づくり", municipality="かわべ村", population=900)
        )
        session = store.add(
            Session(initiative_id=named.id, title="第1回", themes=["中村一郎と防災"])
        )
        store.add(Attendee(session_id=session.id, name="中村 一郎"))
        names.add("中村 一郎")
    names |= {a.name for s in data.sessions for a in s.attendees}
    names |= {p.name for p in data.key_persons} | {p.deputy_name for p in data.key_persons}
    names |= {a.owner_person for a in data.actions}
    names |= {s.session.facilitator for s in data.sessions}
    out = tmp_path / "public" / "rollup.db"
    out.parent.mkdir()
    assert cli.main(["--db", str(db), "publish", "--out", str(out)]) == 0
    meta = json.loads((out.parent / "metadata.json").read_text("utf-8"))
    return out, meta, {n for n in names if n}


async def _get(ds, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


async def test_datasette_serves_tables_views_and_facets(published) -> None:
    out, meta, names = published
    assert stat.S_IMODE(out.stat().st_mode) == 0o444
    assert not Path(f"{out}-wal").exists()
    ds = datasette.Datasette(immutables=[str(out)], metadata=meta)
    name = out.stem
    listing = await _get(ds, f"/{name}.json")
    tables = {t["name"] for t in listing["tables"]}
    views = {v["name"] for v in listing["views"]}
    assert {"municipalities", "municipality_barriers", "survey_stages"} <= tables
    assert views == {
        "stage_by_municipality",
        "stage_distribution",
        "barrier_counts",
        "regular_meetings",
    }
    everything = ""
    for table in sorted(tables | views):
        rows = await _get(ds, f"/{name}/{table}.json?_shape=array&_size=max")
        assert isinstance(rows, list)
        everything += json.dumps(rows, ensure_ascii=False)
    # no attendee, key person, deputy or action owner appears in any table or view
    assert [n for n in names if n in everything or n.replace(" ", "") in everything] == []
    assert "（氏名略）さんの居場所づくり" in everything
    # the figures: 4 municipalities, 3 with a stage (水戸市 3, 土浦市 2, the demo town 3)
    dist = await _get(ds, f"/{name}/stage_distribution.json?_shape=array")
    assert [(r["number"], r["municipalities"]) for r in dist][:4] == [
        (1, 0),
        (2, 1),
        (3, 2),
        (4, 0),
    ]
    assert dist[1]["survey_current_pct"] == 55.2
    meetings = await _get(ds, f"/{name}/regular_meetings.json?_shape=array")
    assert {r["municipality"] for r in meetings} >= {"水戸市", "土浦市"}
    # facets by stage work (asked for, and configured in metadata.json)
    faceted = await _get(ds, f"/{name}/municipalities.json?_facet=stage_now_label")
    facet = faceted["facet_results"]["stage_now_label"]["results"]
    assert {f["value"]: f["count"] for f in facet} == {
        "3 相互理解が深まる": 2,
        "2 顔が見える": 1,
    }
    configured = await _get(ds, f"/{name}/municipalities.json")
    assert "stage_now_label" in configured["facet_results"]


async def test_metadata_has_titles_sources_and_licence(published) -> None:
    out, meta, _ = published
    assert meta["title"] and meta["license"] == "CC BY 4.0" and meta["source"]
    tables = meta["databases"][out.stem]["tables"]
    assert tables["municipalities"]["description"]
    assert "N=248" in meta["databases"][out.stem]["source"]
    ds = datasette.Datasette(immutables=[str(out)], metadata=meta)
    page = await ds.client.get(f"/{out.stem}/municipalities")
    assert page.status_code == 200
    assert tables["municipalities"]["title"] in page.text
    assert tables["municipalities"]["description"] in page.text
    assert "CC BY 4.0" in page.text
    home = await ds.client.get("/")
    assert meta["title"] in home.text


def test_publish_into_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    code = cli.main(["--db", str(tmp_path / "p.db"), "publish", "--out", str(tmp_path / "no/x.db")])
    assert code == cli.EXIT_USER
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


async def test_a_private_session_is_not_published(tmp_path: Path) -> None:
    from datetime import date

    from workshop.domain.records import StageAnswer

    db = tmp_path / "pref.db"
    with Store(db) as store:
        ini = store.add(
            Initiative(name="見守り", municipality="やまの村", municipality_code="082015")
        )
        s = store.add(Session(initiative_id=ini.id, title="内部の会", date=date(2026, 5, 1)))
        store.add(StageAnswer(session_id=s.id, current=4, target=5))
        store.update(s, private=True)
    out = tmp_path / "rollup.db"
    assert cli.main(["--db", str(db), "publish", "--out", str(out)]) == 0
    meta = json.loads((tmp_path / "metadata.json").read_text("utf-8"))
    ds = datasette.Datasette(immutables=[str(out)], metadata=meta)
    (row,) = await _get(ds, "/rollup/municipalities.json?_shape=array")
    assert row["municipality"] == "やまの村"
    assert (row["stage_now"], row["sessions"], row["last_session"]) == (None, 0, None)

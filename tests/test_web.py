"""The web app through an in-process client: pages, API, security headers, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from markupsafe import escape

pytest.importorskip("fastapi")
import web_support
from web_support import Client

from newsledger.ledger import Ledger
from newsledger.models import Analysis
from newsledger.web import create_app
from newsledger.web.panels import caveats_for, highlighted

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def ledger() -> Iterator[Ledger]:
    yield from web_support.fixture_ledger()


@pytest.fixture(scope="module")
def client(ledger: Ledger) -> Client:
    return Client(create_app(ledger), base_url=BASE)


def test_segments_cover_the_text_exactly() -> None:
    a = web_support.convoy()
    segs = [seg for seg, _ in highlighted(a)]
    assert "".join(s.text for s in segs) == a.article.text
    quote = [s for s in segs if s.attribution == "A1"]
    assert "".join(s.text for s in quote) == "We saw at least 40 trucks moving north,"
    inner = next(s for s in quote if "quantity" in s.layers)
    assert inner.text == "at least 40 trucks" and "quote" in inner.layers


def test_caveat_applies_to_the_quote_it_scopes() -> None:
    a = web_support.convoy()
    by_id = {x.id: x for x in a.attributions}
    assert [c.id for c in caveats_for(a, by_id["A2"])] == ["C1"]
    assert caveats_for(a, by_id["A1"]) == []


def test_article_view_shows_highlights_and_speaker_panels(client: Client) -> None:
    a = web_support.convoy()
    r = client.get(f"/articles/{a.article.id}")
    assert r.status_code == 200
    html = r.text
    assert 'data-attr="A1"' in html and 'data-attr="A2"' in html
    assert re.search(r'class="hl hl-place"[^>]*>Port Amberly<', html)
    assert re.search(r'class="hl hl-time"[^>]*>Monday, March 2<', html)
    panel = html.split('id="panel-A2"')[1].split("</section>")[0]
    assert "a local official" in panel and "unnamed" in panel
    assert "not authorised to speak to the press" in panel
    assert "could not be independently verified" in panel
    panel1 = html.split('id="panel-A1"')[1].split("</section>")[0]
    assert (
        "Karim Velasquez" in panel1 and "the mayor of Port Amberly" in panel1 and "named" in panel1
    )


def test_unknown_article_is_404(client: Client) -> None:
    assert client.get("/articles/0000000000000000").status_code == 404
    assert client.get("/api/articles/0000000000000000").status_code == 404


def test_events_table_filters(client: Client) -> None:
    all_rows = client.get("/events").text
    assert all_rows.count("<tr data-type=") == 4 and "4 event mentions" in all_rows
    only = client.get("/events", params={"type": "assault"}).text
    assert only.count("<tr data-type=") == 1 and "Mirelle" in only
    near = client.get(
        "/events", params={"near_lat": "15.6", "near_lon": "32.5", "near_km": "20"}
    ).text
    assert near.count('data-type="MOBILIZE"') == 2 and "Mirelle" not in near
    blank = client.get("/events", params={"type": "", "status": "", "country": ""}).text
    assert blank.count("<tr data-type=") == 4  # empty form fields mean no filter


def test_bad_filter_is_a_clear_400(client: Client) -> None:
    r = client.get("/events", params={"date_from": "yesterday"})
    assert r.status_code == 400 and "date_from" in r.text
    r = client.get("/api/events", params={"near_lat": "200", "near_lon": "0"})
    assert r.status_code == 400 and "latitude 200 is outside" in r.json()["detail"]


def test_api_events_and_openapi(client: Client) -> None:
    data = client.get("/api/events", params={"country": "sd"}).json()
    assert data["count"] == 2 and {e["outlet"] for e in data["events"]} == {
        "Northwind Gazette",
        "Eastern Courier",
    }
    assert all(e["lat"] == 15.6 for e in data["events"])
    schema = client.get("/api/openapi.json").json()
    for path in (
        "/api/events",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/sources",
        "/api/search",
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/outlets",
    ):
        assert path in schema["paths"], path
    assert not any(p.startswith(("/articles", "/events")) for p in schema["paths"])


def test_api_article_round_trips(client: Client) -> None:
    a = web_support.market()
    data = client.get(f"/api/articles/{a.article.id}").json()
    assert Analysis.model_validate(data) == a


def test_api_sources_search_outlets(client: Client) -> None:
    named = client.get("/api/sources", params={"named": "named"}).json()
    assert [s["name"] for s in named] == ["Karim Velasquez"]
    page = client.get("/articles", params={"q": "checkpoints"}).text
    assert "<mark>checkpoints</mark>" in page
    hostile_hit = client.get("/articles", params={"q": "pwned"}).text
    assert "<script>window" not in hostile_hit
    hits = client.get("/api/search", params={"q": "checkpoints"}).json()
    assert [h["article_id"] for h in hits] == [web_support.convoy().article.id]
    outlets = {o["outlet"]: o for o in client.get("/api/outlets").json()}
    assert outlets["Northwind Gazette"]["share_named"] == 0.5
    assert client.get("/api/sources", params={"named": "bogus"}).status_code == 422


def test_pages_render(client: Client) -> None:
    for path in (
        "/articles",
        "/articles?q=trucks",
        "/events",
        "/timeline",
        "/map",
        "/outlets",
        "/incidents",
        "/sources",
        "/sources?named=unnamed&kind=person",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>" not in r.text, path
    assert "2026-03-02" in client.get("/timeline").text
    assert "Northwind Gazette" in client.get("/outlets").text
    unnamed = client.get("/sources", params={"named": "unnamed"}).text
    assert "not authorised to speak to the press" in unnamed and "Karim Velasquez" not in unnamed
    assert client.get("/sources", params={"named": "secret"}).status_code == 400
    assert client.get("/", follow_redirects=False).headers["location"] == "/articles"


def test_incident_view_side_by_side(client: Client, ledger: Ledger) -> None:
    convoy, rival = web_support.convoy().article.id, web_support.rival().article.id
    incidents = ledger.incidents(limit=50)
    assert len(client.get("/api/incidents").json()) == len(incidents)
    inc = next((i for i in incidents if (convoy, "E1") in i.events), None)
    assert inc is not None
    if (rival, "E1") not in inc.events:
        pytest.skip("the ledger did not group the two convoy reports into one incident")
    html = client.get(f"/incidents/{inc.id}").text
    assert html.count('class="report-col') == len(inc.events) == 2
    assert "at least 40 trucks" in html and "15 trucks" in html
    # "at least 40" against exactly 15: a contradiction, marked on both columns
    assert inc.contradictions, "expected a quantity contradiction"
    assert 'id="contradictions"' in html and html.count("report-col marked") == 2
    assert client.get(f"/api/incidents/{inc.id}").json()["contradictions"] == inc.contradictions
    assert client.get("/incidents/nope").status_code == 404
    assert client.get("/api/incidents/nope").status_code == 404
    r = client.get(f"/articles/{rival}/events/E1/incident", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{inc.id}"
    assert client.get(f"/articles/{rival}/events/E9/incident").status_code == 404


def test_security_headers(client: Client) -> None:
    r = client.get("/articles")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.css").headers["content-security-policy"] == csp


def test_hostile_article_is_escaped(client: Client) -> None:
    a = web_support.hostile()
    html = client.get(f"/articles/{a.article.id}").text
    assert web_support.PWN in html  # the text is shown ...
    assert f"<script>{web_support.PWN}" not in html  # ... but never as markup
    assert "<img src=x" not in html and "<svg onload" not in html and "<i onmouseover" not in html
    assert "&lt;script&gt;" in html
    assert (
        "javascript:" not in html.split("<main>")[1].split('class="text"')[0]
    )  # no javascript: link
    for path in (
        "/events",
        "/timeline",
        "/articles",
        "/outlets",
        "/sources",
        f"/api/articles/{a.article.id}",
    ):
        body = client.get(path).text
        assert f"<script>{web_support.PWN}" not in body.replace("\\u003c", "<") or path.startswith(
            "/api"
        ), path


def test_other_hosts_are_refused_without_token(ledger: Ledger) -> None:
    c = Client(create_app(ledger), base_url="http://evil.example")
    assert c.get("/articles").status_code == 400
    c = Client(create_app(ledger), base_url="http://localhost:8000")
    assert c.get("/articles").status_code == 200


def test_token_is_required_and_becomes_a_cookie(ledger: Ledger) -> None:
    c = Client(create_app(ledger, token="s3cret"), base_url="http://192.0.2.7:8000")
    assert c.get("/articles").status_code == 401
    assert c.get("/api/events").status_code == 401
    assert c.get("/articles", params={"token": "wrong"}).status_code == 401
    assert c.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    r = c.get("/events?type=ASSAULT&token=s3cret", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/events?type=ASSAULT"
    assert "HttpOnly" in r.headers["set-cookie"]
    assert c.get("/events?type=ASSAULT").status_code == 200  # the cookie now carries it
    assert c.get("/static/map.js").status_code == 200


def test_open_redirect_is_not_possible(ledger: Ledger) -> None:
    c = Client(create_app(ledger, token="t"), base_url="http://127.0.0.1")
    r = c.get("//evil.example/x?token=t", follow_redirects=False)
    assert r.status_code in (303, 404)
    assert not r.headers.get("location", "/").startswith("//")


def test_article_analysed_by_the_pipeline_renders(  # type: ignore[no-untyped-def]
    analyze_text, ledger: Ledger, client: Client
) -> None:
    text = (
        "Rebels attacked an army post near the town of Dalvik on Sunday, the regional governor, "
        'Maria Okonkwo, told reporters. "Four soldiers were killed," she said. '
        "The report could not be independently verified."
    )
    a = analyze_text(
        text, title="Post attacked near Dalvik", outlet="Test Wire", published="2026-03-09"
    )
    ledger.add(a)
    html = client.get(f"/articles/{a.article.id}").text
    assert "Post attacked near Dalvik" in html
    shown = re.sub(r"<[^>]+>", "", html.split('id="article-text">')[1].split("</div>")[0])
    assert "Four soldiers were killed" in shown
    assert html.count('id="panel-') == len(a.attributions)
    for s in a.sources:
        assert str(escape(s.name)) in html


def test_what_a_threat_is_about_is_shown_with_its_event(  # type: ignore[no-untyped-def]
    analyze_text, ledger: Ledger, client: Client
) -> None:
    text = "The Ostrava Front threatened to shell the <b>border</b> villages if talks fail."
    a = analyze_text(text, title="Threat to shell villages", published="2026-03-09")
    ledger.add(a)
    html = client.get(f"/articles/{a.article.id}").text
    (threat,) = [e for e in a.events if e.type == "THREATEN"]
    assert [c.trigger.text for c in threat.about] == ["shell"]
    assert re.search(r'class="about">about: ASSAULT &ldquo;shell&rdquo; \(future\)<', html)
    assert "<b>border</b>" not in html


def test_api_on_postgresql(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same pages and API over a PostgreSQL ledger (when .ci/postgres.sh started one)."""
    import ledger_support

    if not __import__("os").environ.get(ledger_support.PG_ENV):
        pytest.skip(f"{ledger_support.PG_ENV} not set (run .ci/postgres.sh)")
    for led in ledger_support.open_backend("postgresql", tmp_path):
        led.add_many(web_support.all_fixtures())
        c = Client(create_app(led), base_url=BASE)
        assert c.get("/api/events", params={"country": "SD"}).json()["count"] == 2
        near = c.get(
            "/api/events", params={"near_lat": "-1.3", "near_lon": "36.8", "near_km": "5"}
        ).json()
        assert [e["place_name"] for e in near["events"]] == ["Mirelle"]
        assert [
            h["article_id"] for h in c.get("/api/search", params={"q": "checkpoints"}).json()
        ] == [web_support.convoy().article.id]
        a = web_support.convoy()
        html = c.get(f"/articles/{a.article.id}").text
        assert 'id="panel-A2"' in html and "not authorised to speak to the press" in html
        for path in ("/events?type=assault", "/timeline", "/map", "/outlets", "/incidents"):
            assert c.get(path).status_code == 200, path


def test_nested_and_out_of_range_spans() -> None:
    a = web_support.convoy()
    outer = a.attributions[0].model_copy(
        update={
            "id": "A9",
            "content": a.attributions[0].content.model_copy(
                update={"start": 0, "end": len(a.article.text)}
            ),
        }
    )
    broken = a.places[0].model_copy(
        update={"id": "P9", "start": len(a.article.text) - 3, "end": len(a.article.text) + 50}
    )
    b = a.model_copy(
        update={"attributions": [*a.attributions, outer], "places": [*a.places, broken]}
    )
    segs = [seg for seg, _ in highlighted(b)]
    assert "".join(s.text for s in segs) == a.article.text
    # the innermost quote wins where quotes nest, the outer one elsewhere
    assert {s.attribution for s in segs if "at least 40" in s.text} == {"A1"}
    assert segs[0].attribution == "A9" and "place" in segs[-1].layers


def test_errors_carry_the_security_headers(ledger: Ledger) -> None:
    c = Client(create_app(ledger, token="header-token"), base_url=BASE)
    refused = c.get("/events")
    assert (
        refused.status_code == 401
        and "script-src 'self'" in refused.headers["content-security-policy"]
    )
    ok = c.get("/nope", headers={"X-Newsledger-Token": "header-token"})
    assert ok.status_code == 404 and "content-security-policy" in ok.headers
    assert c.get("/api/articles", headers={"X-Newsledger-Token": "header-token"}).status_code == 200


def test_the_app_needs_nothing_of_the_ledger_but_the_adapters_door(ledger: Ledger) -> None:
    """Every page and API route works over a stand-in that has only what `adapter.WebLedger`
    lists: no view reaches past the adapter's door (mypy checks the same statically)."""
    from newsledger.web.adapter import WebLedger

    names = [n for n, v in vars(WebLedger).items() if callable(v) and not n.startswith("_")]
    assert "events" in names and "incident_of" in names
    door = type("Door", (), {n: staticmethod(getattr(ledger, n)) for n in names})()
    c = Client(create_app(door), base_url=BASE)
    convoy = web_support.convoy().article.id
    first = ledger.incidents(limit=1)[0].id
    for path in (
        "/articles",
        "/articles?q=trucks",
        f"/articles/{convoy}",
        "/events",
        "/timeline",
        "/map",
        "/outlets",
        "/incidents",
        f"/incidents/{first}",
        "/sources",
        "/api/articles",
        f"/api/articles/{convoy}",
        "/api/events",
        "/api/sources",
        "/api/search?q=trucks",
        "/api/incidents",
        f"/api/incidents/{first}",
        "/api/outlets",
    ):
        assert c.get(path).status_code == 200, path
    assert (
        c.get(f"/articles/{convoy}/events/E1/incident", follow_redirects=False).status_code == 303
    )

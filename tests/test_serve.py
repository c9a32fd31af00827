"""`alignscope serve` in-process: the JSON API gives the CLI's keys and values, bad
parameters give one sentence and the right 4xx, pages render in both languages, and
nothing is served from a path or run as SQL from a request string."""

from __future__ import annotations

import html
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from alignscope.assess import assess
from alignscope.cli import main
from alignscope.history import dyad_history
from alignscope.network import network
from alignscope.render import _clean
from alignscope.web.app import create_app
from alignscope.web.service import Service


@pytest.fixture(scope="module")
def client(ws):
    with TestClient(create_app(Service(ws))) as c:
        yield c


def roundtrip(obj):
    return json.loads(json.dumps(_clean(obj), ensure_ascii=False, default=str))


# ---------------------------------------------------------------- the API equals the CLI


def test_api_assess_is_the_cli_json(client, ws):
    got = client.get("/api/assess", params={"a": "TWN", "b": "JPN", "year": 2011})
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/json")
    want = roundtrip(assess(ws, "TWN", "JPN", 2011, series_from=1990))
    assert got.json() == want
    assert got.json()["type"] == "tacit_alignment"  # the flagship, as the report says


def test_api_assess_takes_names_in_either_language(client):
    by_name = client.get("/api/assess", params={"a": "台灣", "b": "Japan", "year": 2011})
    assert by_name.status_code == 200
    assert by_name.json()["states"] == ["TWN", "JPN"]


def test_api_network_and_history_are_the_core(client, ws):
    got = client.get("/api/network", params={"year": 2011})
    assert got.status_code == 200
    assert got.json() == roundtrip(network(ws, 2011))
    got = client.get("/api/history", params={"a": "USA", "b": "TWN", "start": 1975,
                                             "end": 1985})
    assert got.status_code == 200
    body = got.json()
    assert body == roundtrip(dyad_history(ws, "USA", "TWN", 1975, 1985))
    changed = [y["year"] for y in body["years"] if y["changed"]]
    assert changed == [1981]  # ATOP codes the 1954 treaty through 1980


def test_api_atlas_filters_by_type_and_state(client, ws):
    from alignscope.atlas import atlas

    table = atlas(2011, 2011, workspace=ws).to_pylist()
    got = client.get("/api/atlas", params={"year": 2011, "type": "rivalry"}).json()
    rivalries = [r for r in table if r["type"] == "rivalry"]
    assert got["count"] == len(rivalries) == len(got["rows"])
    assert {(r["ccode1"], r["ccode2"]) for r in got["rows"]} == {
        (r["ccode1"], r["ccode2"]) for r in rivalries}
    got = client.get("/api/atlas", params={"year": 2011, "state": "TWN"}).json()
    assert got["state"] == "TWN"
    assert got["count"] == sum(713 in (r["ccode1"], r["ccode2"]) for r in table)
    assert set(got["rows"][0]) == set(table[0])


@pytest.mark.parametrize(
    ("q", "first"),
    [("tai", "TWN"), ("台", "TWN"), ("jap", "JPN"), ("日本", "JPN"), ("713", "TWN"),
     ("Soviet", "RUS"), ("korea", "KOR")],
)
def test_api_states_searches_names_and_codes(client, q, first):
    got = client.get("/api/states", params={"q": q})
    assert got.status_code == 200
    states = got.json()["states"]
    assert states and states[0]["code"] == first, states[:3]


def test_api_states_by_year_keeps_members(client):
    got = client.get("/api/states", params={"q": "german", "year": 1960}).json()
    assert {s["ccode"] for s in got["states"]} == {260, 265}  # GFR and GDR, not Germany


# ---------------------------------------------------------------- bad parameters


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("/api/assess?a=XXX&b=JPN&year=2011", 404, "unknown state 'XXX'"),
        ("/api/assess?a=TWN&b=JPN&year=1700", 400, "outside every source's coverage"),
        ("/api/assess?a=TWN&b=JPN&year=abc", 422, "'year' must be a whole number"),
        ("/api/assess?a=TWN&b=JPN&year=20.5", 422, "'year' must be a whole number"),
        ("/api/assess?a=TWN&year=2011", 422, "give the parameter 'b'"),
        ("/api/assess?a=TWN&b=TWN&year=2011", 400, "two different states"),
        ("/api/assess?a=TWN&b=JPN&year=1900", 400, "was not a state"),
        ("/api/assess?a=MAC&b=JPN&year=2011", 404, "Macao"),
        ("/api/atlas?year=2011&type=friendship", 400, "unknown type 'friendship'"),
        ("/api/atlas?year=99999", 400, "outside every source's coverage"),
        ("/api/network?year=2011&types=alliance,bogus", 400, "unknown type 'bogus'"),
        ("/api/network?year=2011&region=atlantis", 400, "unknown region 'atlantis'"),
        ("/api/history?a=TWN&b=JPN&start=2011&end=1990", 400, "after the end year"),
        ("/api/history?a=TWN&b=JPN&start=x", 422, "'start' must be a whole number"),
        ("/api/states?q=", 422, "'q'"),
        ("/api/states?q=tai&limit=0", 422, "'limit'"),
        ("/api/nothing", 404, "no such page"),
    ],
)
def test_api_bad_parameters_are_one_sentence(client, url, status, needle):
    got = client.get(url)
    assert got.status_code == status, got.text
    body = got.json()
    assert list(body) == ["error"]
    assert needle in body["error"]
    assert "\n" not in body["error"] and "Traceback" not in body["error"]


@pytest.mark.parametrize(
    "evil",
    ["TWN' OR '1'='1", "713; drop table ds_atop; --", "TWN\") union select 1 --",
     "../../etc/passwd", "%00", "x" * 80],
)
def test_request_strings_never_reach_sql(client, ws, evil):
    tables = ws.con.execute("select count(*) from duckdb_tables()").fetchall()
    got = client.get("/api/assess", params={"a": evil, "b": "JPN", "year": 2011})
    assert got.status_code == 404, got.text
    assert client.get("/api/states", params={"q": evil}).status_code == 200
    assert ws.con.execute("select count(*) from duckdb_tables()").fetchall() == tables


@pytest.mark.parametrize(
    "path", ["/static/app.py", "/static/..%2Fapp.py", "/static/%2e%2e/pages.py",
             "/static/templates/base.html", "/static/"]
)
def test_static_serves_only_its_own_files(client, path):
    assert client.get(path).status_code == 404
    assert client.get("/static/app.js").status_code == 200


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("path", "en", "zh"),
    [
        ("/world?year=2011", "Alignment network 2011", "2011 年結盟網絡"),
        ("/state?q=JPN&year=2011", "Ties of Japan in 2011", "日本在 2011 年的關係"),
        ("/dyad?a=TWN&b=JPN&year=2011", "Taiwan – Japan, 2011", "台灣 – 日本，2011 年"),
        ("/compare?a=TWN&b=JPN&year=2011&year2=2011", "Compare two dyads", "比較兩組雙邊"),
        ("/report?a=TWN&b=JPN&year=2011", "Taiwan", "默示性同盟"),
        ("/api/docs", "/api/assess", "/api/assess"),
    ],
)
def test_pages_render_in_both_languages(client, path, en, zh):
    for lang, needle in (("en", en), ("zh-TW", zh)):
        got = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert got.status_code == 200, got.text[:300]
        assert needle in got.text
        assert "Content-Security-Policy" in got.headers
        if lang == "zh-TW" and path != "/api/docs":
            assert "默契結盟" not in got.text  # the article's term is 默示性同盟


def test_dyad_page_marks_changes_and_lists_movers(client):
    got = client.get("/dyad", params={"a": "TWN", "b": "JPN", "year": 2011, "from": 2007,
                                      "to": 2011})
    assert got.status_code == 200
    assert 'class="changed"' in got.text and "►" in got.text
    assert '<table class="movers">' in got.text


def test_world_page_is_one_drawing_with_its_data(client):
    got = client.get("/world", params={"year": 1960, "region": "europe"})
    assert got.status_code == 200
    assert got.text.count('class="tie t-') > 10 and 'data-state="USA"' not in got.text
    assert 'id="world-data"' in got.text


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("/dyad?a=NOWHERE&b=JPN&year=2011", 404, "unknown state"),
        ("/dyad?a=TWN&b=JPN&year=abc", 400, "whole number"),
        ("/world?year=1700", 400, "outside every source"),
        ("/world?year=2011&lang=fr", 400, "unknown language 'fr'"),
        ("/nothing", 404, "no such page"),
    ],
)
def test_page_errors_are_pages(client, path, status, needle):
    got = client.get(path)
    assert got.status_code == status
    assert got.headers["content-type"].startswith("text/html")
    assert needle in html.unescape(got.text) and "Traceback" not in got.text


def test_pages_load_nothing_from_elsewhere(client):
    import re

    for path in ("/world?year=2011", "/dyad?a=TWN&b=JPN&year=2011", "/api/docs"):
        text = client.get(path).text
        loads = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', text)
        assert loads and all(u.startswith("/") for u in loads), loads
    assert "default-src 'self'" in client.get("/world").headers["Content-Security-Policy"]


# ---------------------------------------------------------------- the command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--db", ":memory:", "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is in use (another alignscope serve?); "
        "choose another with --port"
    ]


def test_serve_refuses_a_bad_port():
    result = CliRunner().invoke(main, ["--db", ":memory:", "serve", "--port", "70000"])
    assert result.exit_code == 2
    assert "not a TCP port" in result.stderr


def test_serve_starts_and_answers(tmp_path):
    """The real command on loopback: it answers the API, then stops on a signal."""
    script = Path(sys.executable).with_name("alignscope")
    port = free_port()
    command = [str(script)] if script.exists() else [sys.executable, "-m", "alignscope.cli"]
    proc = subprocess.Popen([*command, "--db", str(tmp_path / "s.duckdb"), "serve", "--port",
                             str(port)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urlopen(f"http://127.0.0.1:{port}/api/states?q=japan", timeout=60) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert body["states"][0]["code"] == "JPN"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err
    assert "Traceback" not in err

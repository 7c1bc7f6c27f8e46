"""`kg serve` as its users meet it: the SPARQL 1.1 Protocol in every form and format (read back with standard
parsers), refusals, the deadline and the size cap, pages with their evidence, Linked Data, hostile input; a
real client (SPARQLWrapper) and a real browser (headless Chromium) against a live server."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from kg.graph.store import Store
from kg.ingest import load_articles
from kg.output import to_jsonl_record
from kg.pipeline import bundled_corpus, extract_articles
from kg.query.lookups import matches, who_received
from kg.serve.app import create_app
from kg.serve.present import Links, highlight
from kg.serve.protocol import EXAMPLE

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold" / "seeds.gold.jsonl"
SCREENS = REPO / "build" / "screens"

# Invented articles: a provincial medal stated twice, a colleague, a union chair, a national medal holder with
# the chair's name at another employer (a possible duplicate), a story in traditional characters.
TEXTS = {
    "a.txt": "本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。"
             "湖南恒达机械有限公司技术总监赵文斌出席会议。",
    "b.txt": "本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。她表示将继续努力。",
    "c.txt": "本报讯 湖南省总工会主席王建国出席会议并讲话。",
    "d.txt": "本报讯 2022年，株洲天宇电力有限公司电工王建国荣获“全国五一劳动奖章”。",
    "e.txt": "本報訊 2021年，長沙宏圖建設有限公司高級工程師劉德明榮獲“湖南省五一勞動獎章”。",
}
HOLDERS = {("李秀英", "湖南省五一劳动奖章", "2023"), ("王建国", "全国五一劳动奖章", "2022"),
           ("刘德明", "湖南省五一劳动奖章", "2021")}
RESULT_FORMATS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}


def extract(batch):
    return [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)]


def build(folder: Path, paths: list[str], base: str | None = None) -> Store:
    store = Store(folder, base)
    articles, errors = load_articles(paths)
    assert not errors
    store.build(articles, extract)
    return store


def write_texts(folder: Path, names: list[str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")
    return [str(folder / name) for name in names]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("serve")
    return build(folder / "kg", write_texts(folder / "texts", list(TEXTS)))


@pytest.fixture(scope="module")
def client(small):
    with TestClient(create_app(small.folder, timeout=5, workers=1)) as c:
        yield c


def holders_of(rows: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(r["name"], r["honour"], r.get("year") or "") for r in rows}


def page_of(store: Store, name: str) -> str:
    found = matches(store.index(), name)
    assert len(found) == 1, found
    return Links(store.base).page(found[0]["iri"])


def text_of(html: str) -> str:
    """The page's text: tags dropped, whitespace removed (evidence sentences keep the file's line breaks)."""
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


# -- the Protocol ------------------------------------------------------------------------------------

def parse_results(media: str, body: bytes) -> list[dict[str, str]]:
    """SPARQL results read with the standard tools: json, ElementTree, csv."""
    text = body.decode("utf-8")
    if media.endswith("json"):
        data = json.loads(text)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    if media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [{b.get("name"): "".join(b.itertext()) for b in result.findall("r:binding", ns)}
                for result in ET.fromstring(text).find("r:results", ns)]
    if media == "text/csv":
        return [{k: v for k, v in row.items() if v} for row in csv.DictReader(io.StringIO(text))]
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    names = [n.lstrip("?") for n in rows[0]]  # TSV cells are terms: "李秀英", "2023"^^<…#integer>
    return [{n: re.match(r'"(.*?)"', v).group(1) if v.startswith('"') else v
             for n, v in zip(names, row, strict=True) if v} for row in rows[1:]]


@pytest.mark.parametrize("media", RESULT_FORMATS)
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct"])
def test_every_protocol_form_and_result_format_gives_the_who_received_answer(client, small, media, how):
    headers = {"Accept": media}
    if how == "get":
        r = client.get("/sparql", params={"query": EXAMPLE}, headers=headers)
    elif how == "post-form":
        r = client.post("/sparql", data={"query": EXAMPLE}, headers=headers)
    else:
        r = client.post("/sparql", content=EXAMPLE.encode("utf-8"),
                        headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    expected = {(x["name"], x["honour"], str(x["year"] or "")) for x in who_received(small.index(), "五一劳动奖章").rows}
    assert holders_of(parse_results(media, r.content)) == expected == HOLDERS


@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_construct_in_every_graph_format_parses_to_the_same_graph(client, media):
    query = "CONSTRUCT { ?a lm:recipient ?p ; lm:honour ?h } WHERE { ?a lm:recipient ?p ; lm:honour ?h }"
    r = client.post("/sparql", data={"query": query}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    graph = rdflib.Graph().parse(data=r.text, format=GRAPH_FORMATS[media])
    turtle = rdflib.Graph().parse(data=client.get("/sparql", params={"query": query, "format": "turtle"}).text,
                                  format="turtle")
    assert len(graph) == 2 * len(HOLDERS) and isomorphic(graph, turtle)


def test_ask_and_describe(client):
    yes = client.get("/sparql", params={"query": 'ASK { ?p lm:name "李秀英" }'}, headers={"Accept": "application/json"})
    assert json.loads(yes.text)["boolean"] is True
    iri = matches_iri(client, "李秀英")
    described = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>"}, headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=described.text, format="turtle")
    assert (rdflib.URIRef(iri), rdflib.URIRef("https://w3id.org/laomo/ontology#name"), rdflib.Literal("李秀英")) in graph


def matches_iri(client: TestClient, name: str) -> str:
    r = client.get("/sparql", params={"query": f'SELECT ?p WHERE {{ ?p lm:name "{name}" }}'},
                   headers={"Accept": "application/json"})
    return json.loads(r.text)["results"]["bindings"][0]["p"]["value"]


def test_default_and_named_graph_uris_choose_the_dataset(client, small):
    docs = "SELECT ?d WHERE { ?d a lm:Document }"
    every = parse_results("json", client.get("/sparql", params={"query": docs, "format": "json"}).content)
    assert len(every) == len(TEXTS)
    one = next(r["d"] for r in every if "/doc/a" in r["d"])
    graph = one.replace("/id/doc/", "/id/graph/doc/")
    only = client.get("/sparql", params={"query": docs, "default-graph-uri": graph, "format": "json"})
    assert [r["d"] for r in parse_results("json", only.content)] == [one]
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a lm:Document } }"
    r = client.post("/sparql", data={"query": named, "named-graph-uri": graph}, headers={"Accept": "text/csv"})
    assert [row["g"] for row in parse_results("text/csv", r.content)] == [graph]
    own = client.get("/sparql", params={"query": f"SELECT ?d FROM <{graph}> WHERE {{ ?d a lm:Document }}",
                                        "format": "json"})
    assert [r["d"] for r in parse_results("json", own.content)] == [one]  # the query's FROM, when none is sent
    bad = client.get("/sparql", params={"query": docs, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400 and "not a graph IRI" in bad.text


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "url": "/sparql", "params": {"update": "DROP ALL"}},
    {"method": "POST", "url": "/sparql", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "url": "/sparql", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "url": "/sparql", "params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "GET", "url": "/sparql", "params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> "
                                                              "{ ?s ?p ?o } }"}},
])
def test_updates_and_service_are_refused_with_a_message(client, small, request_kwargs):
    before = small.nquads()
    r = client.request(**request_kwargs)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/plain")
    assert "refused" in r.text and "\n" not in r.text.strip() and "Traceback" not in r.text
    assert small.nquads() == before


def test_keywords_inside_strings_and_iris_are_data(client):
    r = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("SERVICE DROP" AS ?x) } # DELETE'},
                   headers={"Accept": "text/csv"})
    assert r.status_code == 200 and "SERVICE DROP" in r.text


def test_a_slow_query_is_stopped_at_the_deadline_and_the_next_one_runs(small):
    with TestClient(create_app(small.folder, timeout=0.5, workers=1)) as c:
        r = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"})
        assert r.status_code == 503 and "did not finish within 0.5 s" in r.text
        after = c.get("/sparql", params={"query": EXAMPLE, "format": "json"})
        assert after.status_code == 200 and holders_of(parse_results("json", after.content)) == HOLDERS


def test_an_answer_over_the_size_cap_is_a_clear_error(small):
    with TestClient(create_app(small.folder, max_rows=5, workers=1)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
        assert r.status_code == 503 and "more than 5 rows" in r.text
        graph = c.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/turtle"})
        assert graph.status_code == 503 and "more than 5 triples" in graph.text
        five = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}, headers={"Accept": "text/csv"})
        assert five.status_code == 200 and len(five.text.splitlines()) == 6


def test_malformed_queries_formats_and_bodies_are_one_line_errors(client):
    cases = [(client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"}), 400, "SPARQL syntax"),
             (client.get("/sparql", params={"query": EXAMPLE}, headers={"Accept": "image/png"}), 406, "SELECT and ASK"),
             (client.get("/sparql", params={"query": EXAMPLE, "format": "docx"}), 406, "unknown format"),
             (client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"}), 415, "POST a form"),
             (client.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}), 400,
              "not UTF-8"),
             (client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400, "one query"),
             (client.get("/sparql", headers={"Accept": "application/json"}), 400, "no query")]
    for r, status, words in cases:
        assert r.status_code == status and words in r.text and "Traceback" not in r.text, (status, r.text)


def test_cors_only_when_switched_on(small, client):
    origin = {"Origin": "https://yasgui.example", "Accept": "application/json"}
    assert "access-control-allow-origin" not in client.get("/sparql", params={"query": "ASK {}"}, headers=origin).headers
    with TestClient(create_app(small.folder, cors=True, workers=1)) as c:
        r = c.get("/sparql", params={"query": "ASK {}"}, headers=origin)
        assert r.headers["access-control-allow-origin"] == "*"
        preflight = c.options("/sparql", headers={**origin, "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "Content-Type"})
        assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


# -- pages ---------------------------------------------------------------------------------------------

def test_a_person_page_shows_each_honour_with_year_and_marked_evidence_linking_to_its_documents(client, small):
    page = client.get(page_of(small, "李秀英"))
    assert page.status_code == 200 and '<html lang="zh-CN">' in page.text
    text = text_of(page.text)
    assert "湖南省五一劳动奖章" in text and "2023年" in text and "2处出处" in text
    assert "<mark>李秀英</mark>" in page.text and "<mark>湖南省五一劳动奖章</mark>" in page.text
    docs = sorted(set(re.findall(r'<cite><a href="(/id/doc/[^"]+)"', page.text)))
    assert len(docs) == 2  # a.txt and b.txt state the award
    doc = client.get(docs[0])
    assert doc.status_code == 200 and "a.txt" in doc.text and "李秀英" in doc.text and "获得荣誉" in text_of(doc.text)
    assert f'href="{page_of(small, "李秀英")}"' in doc.text


def test_a_traditional_character_sentence_is_quoted_as_written_and_marked(client, small):
    page = client.get(page_of(small, "刘德明"))
    assert "<mark>劉德明</mark>" in page.text and "<mark>湖南省五一勞動獎章</mark>" in page.text


def test_an_honour_page_lists_the_holders_of_the_honours_under_it(client, small):
    text = text_of(client.get(page_of(small, "五一劳动奖章")).text)
    assert all(name in text for name, _, _ in HOLDERS)
    assert "全国五一劳动奖章" in text and "湖南省五一劳动奖章" in text


def test_an_organisation_page_shows_its_people_and_its_place_in_the_union_hierarchy(client, small):
    company = text_of(client.get(page_of(small, "湖南恒达机械有限公司")).text)
    assert "李秀英高级技师" in company and "赵文斌技术总监" in company
    union = client.get(page_of(small, "湖南省总工会")).text
    assert "上级组织" in union and "中华全国总工会" in union and "王建国" in union
    national = client.get(page_of(small, "中华全国总工会")).text
    assert "下属单位" in national and "湖南省总工会" in national


def test_possible_duplicates_are_shown_and_linked(client, small):
    people = matches(small.index(), "王建国")
    assert len(people) == 2
    links = Links(small.base)
    page = client.get(links.page(people[0]["iri"])).text
    assert "可能是同一人" in page and f'href="{links.page(people[1]["iri"])}"' in page


def test_the_neighbourhood_drawing_is_served_as_svg(client, small):
    path = page_of(small, "李秀英")
    assert f'src="/svg/{path[4:]}"' in client.get(path).text
    svg = client.get("/svg/" + path[4:])
    assert svg.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.text)
    labels = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"李秀英", "湖南省五一劳动奖章", "湖南恒达机械有限公司"} <= labels


def test_who_received_page_filters_by_level_year_and_region(client):
    every = text_of(client.get("/who-received", params={"honour": "五一劳动奖章"}).text)
    assert all(name in every for name, _, _ in HOLDERS) and "3条获奖事实" in every
    national = text_of(client.get("/who-received", params={"honour": "五一劳动奖章", "level": "National"}).text)
    assert "王建国" in national and "李秀英" not in national
    year = text_of(client.get("/who-received", params={"honour": "五一劳动奖章", "year": "2021"}).text)
    assert "刘德明" in year and "李秀英" not in year
    region = text_of(client.get("/who-received", params={"honour": "五一劳动奖章", "region": "株洲"}).text)
    assert "王建国" in region and "刘德明" not in region
    unknown = client.get("/who-received", params={"honour": "五一劳动奖杯"})
    assert unknown.status_code == 404 and ">五一劳动奖章</a>" in unknown.text


def test_a_long_who_received_answer_comes_a_page_at_a_time_with_first_sentences(client, monkeypatch):
    from kg.serve import pages

    whole = text_of(client.get("/who-received", params={"honour": "五一劳动奖章"}).text)
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(pages, "EVERY_SENTENCE_UP_TO", 2)
    first = client.get("/who-received", params={"honour": "五一劳动奖章"}).text
    assert 'rel="next"' in first and 'rel="prev"' not in first and "第1/2页" in text_of(first)
    second = client.get("/who-received", params={"honour": "五一劳动奖章", "page": "2"}).text
    assert 'rel="prev"' in second and 'rel="next"' not in second and 'start="3"' in second
    shown = [n for n, _, _ in HOLDERS if n in text_of(first)], [n for n, _, _ in HOLDERS if n in text_of(second)]
    assert len(shown[0]) == 2 and len(shown[1]) == 1 and set(shown[0]) | set(shown[1]) == {n for n, _, _ in HOLDERS}
    assert "每条列出第一处出处" in text_of(first) and "每条列出第一处出处" not in whole
    assert client.get("/who-received", params={"honour": "五一劳动奖章", "page": "x9"}).status_code == 200


def test_search_opens_the_one_match_lists_several_and_suggests_close_names(client, small):
    one = client.get("/search", params={"q": "赵文斌"}, follow_redirects=False)
    assert one.status_code == 303 and one.headers["location"] == page_of(small, "赵文斌")
    several = client.get("/search", params={"q": "王建国"})
    assert several.status_code == 200 and several.text.count('href="/id/person/') == 2
    honour = client.get("/search", params={"q": "五一劳动奖章"})
    assert "/who-received?honour=" in honour.text
    none = client.get("/search", params={"q": "李秀华"})
    assert none.status_code == 404 and ">李秀英</a>" in none.text


HOSTILE = ["<script>alert(1)</script>", '" } ; DROP ALL ; #', "%00", "\x00\x01\x1b[31m", "../../etc/passwd",
           "李" * 1000, "\ud800", "' OR 1=1 --", "${jndi:ldap://x}", "五一劳动奖章\u202e", "?query=ASK{}", "\\u0000",
           "<svg onload=alert(1)>", "　", "𠀀𠀁"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_gets_a_page_never_a_server_error(client, name):
    typed = quote(name.encode("utf-8", "surrogatepass"), safe="")  # a lone surrogate: bytes that are not UTF-8
    for url in (f"/search?q={typed}", f"/who-received?honour={typed}",
                f"/who-received?honour=%E4%BA%94%E4%B8%80%E5%8A%B3%E5%8A%A8%E5%A5%96%E7%AB%A0&region={typed}&year={typed}"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code in (200, 303, 400, 404), (url, r.status_code)
        assert r.headers["content-type"].startswith("text/html") or r.status_code == 303
        assert "<script>" not in r.text and "<svg onload" not in r.text
    assert client.get("/id/person/" + typed).status_code == 404


def test_pages_need_no_script_and_nothing_from_elsewhere(client, small):
    for path in ["/", page_of(small, "李秀英"), "/who-received?honour=五一劳动奖章", "/queries", "/sparql"]:
        r = client.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert r.status_code == 200 and "<script" not in r.text
        assert "default-src 'none'" in r.headers["content-security-policy"]
        for link in re.findall(r'(?:href|src|action)="([^"]*)"', r.text):
            assert link.startswith(("/", "?", "#")), link
    assert client.get("/static/style.css").status_code == 200


def test_named_queries_are_listed_and_run_with_a_csv_download(client):
    listed = client.get("/queries").text
    names = re.findall(r'<a href="/queries/([\w-]+)">', listed)
    assert "union-hierarchy" in names and "people-by-organisation" in names
    table = client.get("/queries/people-by-organisation")
    assert table.status_code == 200 and "<table>" in table.text and "赵文斌" in table.text
    download = client.get("/queries/people-by-organisation", params={"format": "csv"})
    assert download.headers["content-disposition"] == 'attachment; filename="people-by-organisation.csv"'
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {"organisation", "person", "post"} <= set(rows[0])
    assert {"organisation": "湖南恒达机械有限公司", "person": "赵文斌", "post": "技术总监"} in rows


def test_a_named_query_page_shows_its_first_rows_and_the_download_has_all(client, monkeypatch):
    from kg.serve import pages

    whole = list(csv.DictReader(io.StringIO(client.get("/queries/people-by-organisation",
                                                       params={"format": "csv"}).text)))
    monkeypatch.setattr(pages, "QUERY_ROWS_SHOWN", 2)
    page = client.get("/queries/people-by-organisation").text
    assert page.count("<tr>") - 1 == 2 and "只显示前2行" in text_of(page) and "共2行" not in text_of(page)
    assert len(whole) > 2
    assert pages.first_rows("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 3).endswith("LIMIT 5")
    assert pages.first_rows('SELECT ?s WHERE { ?s ?p "LIMIT" }', 3).endswith("LIMIT 3\n")


def test_the_sparql_page_runs_a_query_for_a_browser(client):
    r = client.get("/sparql", params={"query": EXAMPLE}, headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and "<table>" in r.text and "李秀英" in r.text
    wrong = client.get("/sparql", params={"query": "DROP ALL"}, headers={"Accept": "text/html"})
    assert wrong.status_code == 400 and "refused" in wrong.text and "<textarea" in wrong.text


# -- Linked Data ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_minted_iris_dereference_to_rdf_for_a_client_that_asks(client, small, media):
    path = page_of(small, "李秀英")
    r = client.get(path, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media and r.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=r.text, format=GRAPH_FORMATS[media])
    person = rdflib.URIRef(small.base + path.removeprefix("/id/"))
    lm = rdflib.Namespace("https://w3id.org/laomo/ontology#")
    assert (person, lm.name, rdflib.Literal("李秀英")) in graph
    assert len(list(graph.subjects(lm.recipient, person))) == 1  # the award node that names her


def test_a_store_with_another_base_is_served_by_path(tmp_path):
    store = build(tmp_path / "kg", write_texts(tmp_path / "t", ["a.txt"]), base="http://example.org/graph/")
    iri = matches(store.index(), "李秀英")[0]["iri"]
    assert iri.startswith("http://example.org/graph/person/")
    with TestClient(create_app(store.folder, workers=1)) as c:
        raw = "/id/person/李秀英"  # as a user types it; the server quotes it as the build did
        assert c.get(raw).status_code == 200 and "湖南省五一劳动奖章" in c.get(raw).text
        graph = rdflib.Graph().parse(data=c.get(raw, headers={"Accept": "text/turtle"}).text, format="turtle")
        assert rdflib.URIRef(iri) in set(graph.subjects())


def test_a_rebuilt_store_is_served_without_a_restart(tmp_path):
    texts = write_texts(tmp_path / "t", ["a.txt", "d.txt"])
    store = build(tmp_path / "kg", texts[:1])
    with TestClient(create_app(store.folder, workers=1)) as c:
        before = text_of(c.get("/who-received", params={"honour": "五一劳动奖章"}).text)
        assert "李秀英" in before and "王建国" not in before
        build(tmp_path / "kg", texts)
        after = text_of(c.get("/who-received", params={"honour": "五一劳动奖章"}).text)
        assert "王建国" in after
        sparql = c.get("/sparql", params={"query": EXAMPLE, "format": "json"})
        assert "王建国" in {r["name"] for r in parse_results("json", sparql.content)}


def test_highlight_escapes_and_marks_names_across_line_breaks():
    marked = highlight("<b>陈某\n广东某某大学教授</b> 2021年全国五一劳动奖章获得者", ["陈某", "全国五一劳动奖章", "某某大学"])
    assert str(marked) == ("&lt;b&gt;<mark>陈某</mark>\n广东<mark>某某大学</mark>教授&lt;/b&gt; 2021年"
                           "<mark>全国五一劳动奖章</mark>获得者")
    assert "<mark>佛冈县总工会</mark>" in str(highlight("佛冈县总工会主席", ["清远市佛冈县总工会"]))  # a tail
    assert str(highlight("张\n三丰", ["张三丰"])) == "<mark>张\n三丰</mark>"


def test_starting_the_app_and_answering_pages_imports_no_nlp(small):
    code = ("import sys\nfrom starlette.testclient import TestClient\nfrom kg.serve.app import create_app\n"
            "import kg.cli.serve\n"
            f"with TestClient(create_app({str(small.folder)!r}, workers=1)) as c:\n"
            "    assert c.get('/who-received', params={'honour': '五一劳动奖章'}).status_code == 200\n"
            "    assert c.get('/sparql', params={'query': 'ASK {}'}).status_code == 200\n"
            "print(' '.join(m for m in ('spacy', 'thinc', 'kg.nlp') if m in sys.modules) or 'none')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "none"


def test_serve_reports_a_missing_store_or_a_taken_port_in_one_line(tmp_path, small):
    import socket

    from click.testing import CliRunner

    from kg.cli import main

    missing = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", "0"])
    assert missing.exit_code == 1 and "run `kg build` first" in missing.output and "Traceback" not in missing.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = CliRunner().invoke(main, ["serve", "--store", str(small.folder), "--port", str(port)])
    assert busy.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in busy.output
    assert len(busy.output.strip().splitlines()) == 1


# -- a live server: a real client, a real browser, Ctrl-C ----------------------------------------------

@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Store:
    return build(tmp_path_factory.mktemp("bundled") / "kg", bundled_corpus())


@pytest.fixture(scope="module")
def live(bundled):
    """`kg serve --port 0` over the bundled store: (base URL, process)."""
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                             str(bundled.folder), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=REPO)
    line = proc.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    if not found:
        proc.kill()
        pytest.fail(f"kg serve did not start: {line} {proc.stderr.read()}")
    yield found.group(1), proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_sparqlwrapper_gets_the_who_received_answer_from_a_live_server(live, bundled):
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper

    url, _ = live
    expected = {(r["name"], r["honour"], str(r["year"] or "")) for r in who_received(bundled.index(), "五一劳动奖章").rows}
    assert expected
    for method, request in (("GET", None), (POST, POSTDIRECTLY)):
        client = SPARQLWrapper(url + "sparql")
        client.setQuery(EXAMPLE)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        if request:
            client.setRequestMethod(request)
        answer = client.queryAndConvert()
        got = {(b["name"]["value"], b["honour"]["value"], b.get("year", {}).get("value", ""))
               for b in answer["results"]["bindings"]}
        assert got == expected


def gold_medal_holders() -> list[tuple[str, str, int]]:
    """(holder, honour, year) of the seeds gold's awards of a 五一劳动奖章 with a year."""
    out = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for r in json.loads(line)["relations"]:
            if r["predicate"] == "awarded" and "五一劳动奖章" in r["object"] and r.get("year"):
                out.add((r["subject"], r["object"], int(r["year"])))
    return sorted(out)


def chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser")) if p), None)


def test_a_browser_renders_a_gold_medal_holders_page_with_honour_year_and_evidence(live, bundled):
    browser = chromium()
    if browser is None:
        pytest.skip("no Chromium here: `make install` adds Debian's chromium where apt-get can run as root")
    url, _ = live
    answer = who_received(bundled.index(), "五一劳动奖章", all_sources=True)
    found = {(f.values["name"], f.values["honour"], f.values["year"]): f for f in answer.facts}
    holder = next(((n, h, y) for n, h, y in gold_medal_holders() if (n, h, y) in found), None)
    assert holder, "the bundled store holds none of the gold's 五一劳动奖章 holders"
    fact = found[holder]
    page = url + Links(bundled.base).page(fact.values["iri"]).lstrip("/")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             f"--user-data-dir={SCREENS.parent / 'chromium-profile'}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120).stdout
    name, honour, year = holder
    assert f"<h1>{name} " in dom and honour in dom and f"{year}年" in dom
    assert text_of(fact.sources[0].sentence) in text_of(dom) and f"<mark>{name}</mark>" in dom
    SCREENS.mkdir(parents=True, exist_ok=True)
    shot = SCREENS / "person.png"
    shot.unlink(missing_ok=True)
    subprocess.run([browser, *flags, "--window-size=1100,1300", f"--screenshot={shot}", page],
                   capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_ctrl_c_stops_the_server_and_its_workers_cleanly(live):
    url, proc = live
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "stopped" in out and "Traceback" not in err
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)

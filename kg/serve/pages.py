"""The HTML pages: search, who-received, one page per person, organisation, honour and document (or Linked Data
for a client that asks for RDF), the neighbourhood drawing, and the named queries.

Handlers are plain functions: Starlette runs them in its thread pool, as the look-ups block."""

from __future__ import annotations

import json
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..query.endpoint import GRAPH_TYPES, accepted, choose, describe, short_format
from ..query.guard import QueryTimeout
from ..query.lookups import (
    NOT_THINGS,
    Answer,
    LevelNotFound,
    UnknownHonour,
    aliases,
    closest_names,
    described,
    document_facts,
    documents,
    every_source,
    facts_about,
    find_honour,
    levels,
    matches,
    who_received,
)
from ..query.sparql import QueryError, named_queries
from ..query.sparql import describe as about_query
from .app import Snapshot
from .present import Links, Row, cite, details, doc_iris, grouped, label, search_link

MAX_NAME = 100  # characters of a name searched for: no name in the graph is longer
MAX_ROWS_SHOWN = 500  # facts of one group on a page; the rest behind ?all=1
QUERY_ROWS_SHOWN = 500  # rows of a named query's table on its page; the CSV download has them all
PAGE_SIZE = 100  # who-received facts on one page (the 100k-article archive has 8,000 五一劳动奖章 facts)
EVERY_SENTENCE_UP_TO = PAGE_SIZE  # a longer answer shows each fact's first sentence and its count
PAGE_TYPES = ["text/html", *GRAPH_TYPES]


def _snapshot(request: Request) -> Snapshot:
    return request.app.state.graph.current()


def render(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
           **context: object) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status,
                                                        headers=headers)


def store_error(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(f"the store cannot be read: {exc}", status_code=503)


def clean(text: str | None) -> str:
    """A name typed by a user: control and format characters dropped, spaces trimmed."""
    return "".join(c for c in (text or "") if unicodedata.category(c)[0] != "C").strip()


# -- home and search -------------------------------------------------------------------------------

def home(request: Request) -> Response:
    snap = _snapshot(request)
    return render(request, "home.html", manifest=snap.store.manifest, levels=levels(snap.index))


def search(request: Request) -> Response:
    """The look-up rules of `kg show` (a name, label or alias) and of `kg who-received` (an honour and the
    honours under it); one match opens its page, none lists the closest names."""
    q = clean(request.query_params.get("q"))
    if not q:
        return render(request, "search.html", q="", found=[], closest=[], honour=False, problem=None)
    if len(q) > MAX_NAME:
        return render(request, "search.html", status=400, q=q[:MAX_NAME], found=[], closest=[], honour=False,
                      problem=f"名称过长（{len(q)} 字）：图谱中的名称都不超过 {MAX_NAME} 字。")
    snap = _snapshot(request)
    found = matches(snap.index, q)
    try:
        honour = bool(find_honour(snap.index, q))
    except UnknownHonour:
        honour = False
    if len(found) == 1 and not honour:
        return RedirectResponse(snap.links.page(found[0]["iri"]) or "/", status_code=303)
    for f in found:
        f["page"] = snap.links.page(f["iri"])
    closest = [] if found else [(n, search_link(n)) for n in closest_names(snap.index, q)]
    return render(request, "search.html", status=200 if found else 404, q=q, found=found, closest=closest,
                  honour=honour, problem=None)


# -- who received ----------------------------------------------------------------------------------

def who_received_page(request: Request) -> Response:
    """`kg who-received HONOUR --level --year --region --sources` as a page."""
    params = request.query_params
    honour, level, region = clean(params.get("honour")), clean(params.get("level")), clean(params.get("region"))
    snap = _snapshot(request)
    form = {"honour": honour, "level": level, "year": clean(params.get("year")), "region": region,
            "levels": levels(snap.index)}
    if not honour:
        return render(request, "who_received.html", rows=None, problem=None, closest=[], **form)
    problem, year = None, None
    if form["year"]:
        try:
            year = int(form["year"])
        except ValueError:
            problem = f"年份应为数字：{form['year']}"
    if len(honour) > MAX_NAME or len(region) > MAX_NAME:
        problem = f"名称过长：图谱中的名称都不超过 {MAX_NAME} 字。"
    if problem:
        return render(request, "who_received.html", status=400, rows=None, problem=problem, closest=[], **form)
    try:
        with snap.table() as table:
            answer = who_received(snap.index, honour, level or None, year, region or None, table=table)
    except UnknownHonour as exc:
        closest = [(n, "/who-received?honour=" + quote(n, safe="")) for n in exc.suggestions]
        return render(request, "who_received.html", status=404, rows=None, closest=closest,
                      problem=f"图谱中没有名为「{honour}」的荣誉。", **form)
    except LevelNotFound as exc:
        held = "、".join(label(level) for level in exc.available) or "无"
        return render(request, "who_received.html", status=404, rows=None, closest=[],
                      problem=f"「{honour}」及其下位荣誉中没有{label(level)}荣誉；有的级别：{held}。", **form)
    pages = max(1, -(-len(answer.facts) // PAGE_SIZE))
    page = min(max(_int(params.get("page"), 1), 1), pages)
    shown = answer.facts[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    if len(answer.facts) <= EVERY_SENTENCE_UP_TO:  # a short answer shows every sentence at once
        every_source(snap.index, shown)
    docs = documents(snap.index, doc_iris([Answer(answer.columns, shown)]))
    rows = []
    for fact in shown:
        v = fact.values
        names = [str(v["name"]), str(v["honour"])]
        rows.append(Row(str(v["name"]), snap.links.page(v.get("iri")),
                        details(v, ["honour", "year", "level", "organisation", "post"], ()), fact.count,
                        [cite(s, names, snap.links, docs) for s in fact.sources]))
    links = {k: "/who-received?" + urlencode({**_filters(form), "page": k}) for k in (page - 1, page + 1)
             if 1 <= k <= pages}
    return render(request, "who_received.html", rows=rows, problem=None, closest=[], total=len(answer.facts),
                  first=(page - 1) * PAGE_SIZE + 1, page=page, pages=pages, previous=links.get(page - 1),
                  next=links.get(page + 1), every_sentence=len(answer.facts) <= EVERY_SENTENCE_UP_TO, **form)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _filters(form: dict) -> dict[str, str]:
    return {k: form[k] for k in ("honour", "level", "year", "region") if form[k]}


# -- one thing -------------------------------------------------------------------------------------

def entity(request: Request) -> Response:
    """The page of a node the graph mints (/id/person/…), or its triples for a client that asks for RDF."""
    snap = _snapshot(request)
    iri = snap.links.iri(request.path_params["rest"])
    wanted = request.query_params.get("format")
    try:
        media = choose(short_format(wanted), list(GRAPH_TYPES)) if wanted else choose(
            accepted(request.headers.get("accept")), PAGE_TYPES)
    except QueryError as exc:
        return PlainTextResponse(str(exc), status_code=406)
    thing = described(snap.index, iri, skip=NOT_THINGS - {"Document"})
    known = thing or described(snap.index, iri, skip=frozenset())
    if known is None:
        return render(request, "missing.html", status=404, iri=iri, closest=[])
    if media is None:
        return PlainTextResponse(f"pages come as {', '.join(PAGE_TYPES)}", status_code=406, headers={"Vary": "Accept"})
    if media != "text/html":
        return Response(describe(snap.index, iri, media), media_type=media, headers={"Vary": "Accept"})
    if thing is None:  # an n-ary fact node, a piece of evidence, a role: its triples
        text = describe(snap.index, iri, "text/turtle").decode("utf-8")
        return render(request, "node.html", iri=iri, type=known["type"], turtle=text, headers={"Vary": "Accept"})
    if thing["type"] == "Document":
        return _document(request, snap, iri)
    return _thing(request, snap, thing)


def _thing(request: Request, snap: Snapshot, thing: dict) -> Response:
    iri, name = str(thing["iri"]), str(thing["name"] or "")
    others = [a for a in aliases(snap.index, iri) if a != name]
    facts = facts_about(snap.index, iri, all_sources=True)
    docs = documents(snap.index, doc_iris(list(facts.values())))
    groups = grouped(facts, [name, *others], snap.links, docs)
    show_all = request.query_params.get("all") == "1"
    cut = {g.key: len(g.rows) for g in groups if len(g.rows) > MAX_ROWS_SHOWN and not show_all}
    for g in groups:
        g.rows = g.rows if g.key not in cut else g.rows[:MAX_ROWS_SHOWN]
    drawn = thing["type"] != "Honour" and any(g.rows for g in groups)
    return render(request, "thing.html", thing=thing, aliases=others, groups=groups, cut=cut, drawn=drawn,
                  page=snap.links.page(iri), honour=thing["type"] == "Honour", headers={"Vary": "Accept"})


def _document(request: Request, snap: Snapshot, iri: str) -> Response:
    doc = documents(snap.index, [iri])[iri]
    answer = document_facts(snap.index, iri)
    docs = {iri: doc}
    rows = []
    for fact in answer.facts:
        v = fact.values
        names = [str(v["subject"]), str(v["object"])]
        rows.append({"subject": v["subject"], "subject_page": snap.links.page(v.get("iri")),
                     "predicate": v["predicate"], "object": v["object"], "object_page": snap.links.page(v.get("object_iri")),
                     "details": details(v, ["year", "role"], ()),
                     "cited": [cite(s, names, snap.links, docs) for s in fact.sources]})
    return render(request, "document.html", doc=doc, iri=iri, rows=rows, page=snap.links.page(iri),
                  headers={"Vary": "Accept"})


def neighbourhood(request: Request) -> Response:
    """The `kg graph --around` drawing (SVG) of a person or organisation: the things its page lists."""
    snap = _snapshot(request)
    iri = snap.links.iri(request.path_params["rest"])
    if described(snap.index, iri) is None:
        return PlainTextResponse("no such person, organisation or honour", status_code=404)
    return Response(drawing(snap.index_path, snap.index, iri), media_type="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


_DRAWING = threading.Lock()  # matplotlib draws one picture at a time
_DRAWN: OrderedDict[tuple[str, str], bytes] = OrderedDict()  # (index path, IRI) → SVG: a new build, a new path
KEEP_DRAWN = 256


def drawing(index_path: str, index: ox.Store, iri: str) -> bytes:
    """The drawing of `iri`'s neighbourhood, as `kg graph --around` draws it, with the legend in Chinese."""
    from ..graph.draw import draw
    from ..query.network import neighbourhood as around

    key = (index_path, iri)
    with _DRAWING:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
        net = around(index, [iri])
        if not net:
            net.add_node(iri, label=str((described(index, iri) or {}).get("name") or iri), type="Thing")
        with tempfile.TemporaryDirectory(prefix="kg-serve-") as folder:
            path = Path(folder) / "drawing.svg"
            draw(net, path, legend={t: label(t) for t in {d.get("type") for _, d in net.nodes(data=True)}})
            _DRAWN[key] = path.read_bytes()
        if len(_DRAWN) > KEEP_DRAWN:
            _DRAWN.popitem(last=False)
        return _DRAWN[key]


# -- named queries ---------------------------------------------------------------------------------

def queries(request: Request) -> Response:
    listed = [(name, about_query(path)) for name, path in named_queries().items()]
    return render(request, "queries.html", queries=listed)


def named_query(request: Request) -> Response:
    """A named query of queries/ run as `kg query NAME` runs it, as a table or (format=csv) a download."""
    name = request.path_params["name"]
    path = named_queries().get(name)
    if path is None:
        return render(request, "missing.html", status=404, iri=name, closest=[])
    csv_wanted = request.query_params.get("format") == "csv"
    media = "text/csv" if csv_wanted else "application/sparql-results+json"
    text = path.read_text(encoding="utf-8")
    try:
        reply = run_user_query(request, text if csv_wanted else first_rows(text, QUERY_ROWS_SHOWN + 1), [media])
    except (QueryError, QueryTimeout) as exc:
        return render(request, "query.html", status=status_of(exc), name=name, about=about_query(path),
                      problem=str(exc), table=None, text=path.read_text(encoding="utf-8"))
    if csv_wanted:
        return Response(reply.body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    table = results_table(reply.body, _snapshot(request).links)
    more = len(table["rows"]) > QUERY_ROWS_SHOWN
    table["rows"] = table["rows"][:QUERY_ROWS_SHOWN]
    return render(request, "query.html", name=name, about=about_query(path), problem=None, table=table,
                  more=more, shown=QUERY_ROWS_SHOWN, text=text)


def first_rows(query: str, n: int) -> str:
    """The query limited to its first `n` rows (a page cannot show 200,000), unless it sets a LIMIT itself."""
    from ..query.guard import tokens

    if any(kind == "word" and word.upper() == "LIMIT" for kind, word, _at in tokens(query)):
        return query
    return f"{query.rstrip()}\nLIMIT {n}\n"


def run_user_query(request: Request, query: str, accept: list[str], default_graphs: list[str] | None = None,
                   named_graphs: list[str] | None = None):
    """A user's (or a named) query in a worker, under the server's deadline and size cap."""
    state = request.app.state
    snap = _snapshot(request)
    return state.workers.call("reply", snap.index_path, state.timeout, query=query, accept=accept,
                              default_graphs=default_graphs or [], named_graphs=named_graphs or [],
                              max_rows=state.max_rows)


def status_of(exc: Exception) -> int:
    """400 for a query that is wrong or refused, 503 for one stopped at the deadline or over the size cap."""
    from ..query.endpoint import NotAcceptable, TooLarge

    if isinstance(exc, NotAcceptable):
        return 406
    return 503 if isinstance(exc, QueryTimeout | TooLarge) else 400


def results_table(body: bytes, links: Links) -> dict:
    """SPARQL Results JSON as a table: columns, and rows of (text, page link or None)."""
    data = json.loads(body)
    if "boolean" in data:
        return {"columns": ["answer"], "rows": [[("true" if data["boolean"] else "false", None)]]}
    columns = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for c in columns:
            cell = binding.get(c)
            text = "" if cell is None else cell["value"]
            row.append((text, links.page(text) if cell and cell["type"] == "uri" else None))
        rows.append(row)
    return {"columns": columns, "rows": rows}

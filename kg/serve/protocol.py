"""/sparql: the query operation of the SPARQL 1.1 Protocol, and a page to write a query in a browser.

A query comes by GET (`?query=`), by POST as a form, or by POST as the body (`application/sparql-query`),
with `default-graph-uri` and `named-graph-uri` as often as wanted. The answer's format follows Accept (or
`format=`); a browser that prefers HTML gets the page with the answer as a table. Updates are refused: the
server only reads. Errors are one line of text: 400 for a query that is wrong or refused, 406 for a format
that cannot carry the answer, 413 for a request body over MAX_BODY, 415 for another body type, 503 for a
query stopped at the deadline or over the size cap.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..query.endpoint import GRAPH_TYPES, RESULT_TYPES, accepted, choose, short_format
from ..query.guard import QueryTimeout
from ..query.sparql import QueryError
from .pages import render, results_table, run_user_query, status_of

MAX_BODY = 1 << 20  # bytes of a POSTed query or form
EXAMPLE = """# 谁获得过五一劳动奖章（含全国、省级等下位荣誉）
SELECT ?name ?honour ?year WHERE {
  ?target skos:prefLabel "五一劳动奖章"@zh .
  ?h skos:broader* ?target ; skos:prefLabel ?honour .
  ?award lm:honour ?h ; lm:recipient ?who .
  ?who lm:name ?name .
  OPTIONAL { ?award lm:year ?year }
}
ORDER BY ?honour DESC(?year) ?name
"""
PAGE_FORMATS = [*RESULT_TYPES, *GRAPH_TYPES, "text/html"]  # */* is a tool: SPARQL JSON


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def sparql(request: Request) -> Response:
    try:
        query, default_graphs, named_graphs, fmt = await _operation(request)
        accept = short_format(fmt) if fmt else accepted(request.headers.get("accept"))
    except ProtocolError as exc:
        return PlainTextResponse(str(exc), status_code=exc.status)
    except QueryError as exc:
        return PlainTextResponse(str(exc), status_code=status_of(exc))
    if not fmt and choose(accept, PAGE_FORMATS) == "text/html":
        return await _page(request, query, default_graphs, named_graphs)
    if query is None:
        return PlainTextResponse("no query: send one as ?query=, as a form field `query`, or as a POST body of "
                                 "type application/sparql-query", status_code=400)
    try:
        reply = await run_in_threadpool(run_user_query, request, query, accept, default_graphs, named_graphs)
    except (QueryError, QueryTimeout) as exc:
        return PlainTextResponse(str(exc), status_code=status_of(exc))
    return Response(reply.body, media_type=reply.media_type, headers={"Vary": "Accept"})


async def _page(request: Request, query: str | None, default_graphs: list[str], named_graphs: list[str]) -> Response:
    """The query form, with the answer below it: a table, or the graph as Turtle."""
    context = {"query": query if query is not None else EXAMPLE, "table": None, "turtle": None, "problem": None}
    if query is None:
        return render(request, "sparql.html", **context)
    try:
        reply = await run_in_threadpool(run_user_query, request, query,
                                        ["application/sparql-results+json", "text/turtle"], default_graphs, named_graphs)
    except (QueryError, QueryTimeout) as exc:
        return render(request, "sparql.html", status=status_of(exc), **{**context, "problem": str(exc)})
    if reply.kind == "graph":
        context["turtle"] = reply.body.decode("utf-8")
    else:
        context["table"] = results_table(reply.body, request.app.state.graph.current().links)
    return render(request, "sparql.html", headers={"Vary": "Accept"}, **context)


async def _operation(request: Request) -> tuple[str | None, list[str], list[str], str | None]:
    """(query, default graphs, named graphs, format) of a request, as the Protocol places them."""
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        if kind == "application/x-www-form-urlencoded":
            for k, v in parse_qs(_text(body), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif kind == "application/sparql-query":
            if "query" in params:
                raise ProtocolError(400, "a query in the body and another in the URL: send one")
            params["query"] = [_text(body)]
        elif kind == "application/sparql-update":
            raise ProtocolError(400, "updates are refused: this endpoint only reads the graph")
        else:
            raise ProtocolError(415, "POST a form (application/x-www-form-urlencoded) or a query "
                                     "(application/sparql-query)")
    if "update" in params:
        raise ProtocolError(400, "updates are refused: this endpoint only reads the graph")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "one query per request")
    fmt = (params.get("format") or [None])[0]
    return (queries[0] if queries else None, params.get("default-graph-uri", []), params.get("named-graph-uri", []),
            fmt or None)


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ProtocolError(413, f"the request body is over {MAX_BODY:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not UTF-8 (byte {exc.start})") from exc

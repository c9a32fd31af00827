"""The JSON API under /api/: the keys of the CLI's `--format json`, one route per question.

Every parameter is typed (FastAPI checks it and the app turns a failure into one sentence);
state names go through the resolver and years through the coverage check before any
query, and no request string is put into SQL: the core receives COW codes and integers.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from .service import Service

router = APIRouter(prefix="/api", tags=["api"])

STATE = "A state: ISO3 (TWN), COW code (713), English or Chinese name (Taiwan, 台灣)."
YEAR = "A year of the state system, 1816–2024."
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter is out of range or unknown: {\"error\": sentence}"},
    404: {"description": "No state matches a name: {\"error\": sentence}"},
    422: {"description": "A parameter is missing or malformed: {\"error\": sentence}"},
}


class JSONText(Response):
    """JSON as the CLI prints it: UTF-8, NULL as null, dates as ISO strings."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return json.dumps(content, ensure_ascii=False, default=str).encode()


def service(request: Request) -> Service:
    return request.app.state.service


def _json(svc: Service, key: tuple, build) -> JSONText:
    """Serialised once per distinct question (results are immutable)."""
    return JSONText(svc.memo(("json", *key), lambda: JSONText().render(build())))


@router.get("/assess", response_class=JSONText, responses=ERRORS,
            summary="Assess a dyad-year (as `assess --format json`)")
def api_assess(
    request: Request,
    a: Annotated[str, Query(description=STATE, max_length=80)],
    b: Annotated[str, Query(description=STATE, max_length=80)],
    year: Annotated[int, Query(description=YEAR)],
) -> JSONText:
    svc = service(request)
    sa, sb = svc.pair(a, b, year)
    return _json(svc, ("assess", sa.ccode, sb.ccode, year), lambda: svc.assess(a, b, year))


@router.get("/atlas", response_class=JSONText, responses=ERRORS,
            summary="The atlas rows of a year (as `atlas --format` rows)")
def api_atlas(
    request: Request,
    year: Annotated[int, Query(description=YEAR)],
    type: Annotated[str | None, Query(description="Only rows of this primary type.",
                                      max_length=40)] = None,
    state: Annotated[str | None, Query(description="Only dyads including this state.",
                                       max_length=80)] = None,
) -> JSONText:
    svc = service(request)
    result = svc.atlas(year, type, state)
    return _json(svc, ("atlas", year, type, result["state"]), lambda: result)


@router.get("/network", response_class=JSONText, responses=ERRORS,
            summary="A year's alignment network (as `network --format json`)")
def api_network(
    request: Request,
    year: Annotated[int, Query(description=YEAR)],
    types: Annotated[str | None, Query(description="Tie types, comma-separated.",
                                       max_length=200)] = None,
    region: Annotated[str | None, Query(description="americas, europe, africa, "
                                        "middle_east, asia or oceania.", max_length=40)] = None,
) -> JSONText:
    svc = service(request)
    result = svc.network(year, types, region)
    return _json(svc, ("network", year, tuple(result["types"]), region), lambda: result)


@router.get("/history", response_class=JSONText, responses=ERRORS,
            summary="A dyad's type per year (as `history --format json`)")
def api_history(
    request: Request,
    a: Annotated[str, Query(description=STATE, max_length=80)],
    b: Annotated[str, Query(description=STATE, max_length=80)],
    start: Annotated[int, Query(description="First year.")] = 1990,
    end: Annotated[int, Query(description="Last year.")] = 2024,
) -> JSONText:
    svc = service(request)
    result = svc.history(a, b, start, end)
    return _json(svc, ("history", *result["ccodes"], start, end), lambda: result)


@router.get("/states", response_class=JSONText, responses=ERRORS,
            summary="States matching a partial name or code, in either language")
def api_states(
    request: Request,
    q: Annotated[str, Query(description="Part of a name or code.", min_length=1,
                            max_length=80)],
    year: Annotated[int | None, Query(description="Only members in this year.")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> JSONText:
    svc = service(request)
    return JSONText({"query": q, "states": svc.states(q, limit, year)})

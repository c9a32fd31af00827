"""The dashboard application: API and pages over one `Service`, one error path, and the
package's own script and style (nothing is fetched from elsewhere: the Content-Security-
Policy of `responses` says so to the browser too); answers are replayed from memory.

Errors: an alignscope error is the user's (400; 404 for a state no name matches), a
malformed or missing parameter is 422, an unknown path 404, anything else 500 with one
line; API routes answer {"error": sentence}, pages an error page in the asked language.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import AlignscopeError, UnknownStateError
from . import api, pages
from .api import JSONText
from .responses import ResponseCache
from .service import Service

STATIC = {"style.css": "text/css", "app.js": "text/javascript", "favicon.svg": "image/svg+xml"}
"""The files /static/ serves: a fixed list read from the package at start, never a path
taken from the request."""

def create_app(service: Service) -> FastAPI:
    app = FastAPI(
        title="alignscope",
        version=__version__,
        description="Alignment between states: the JSON API of `alignscope serve`. "
        "Keys are those of the CLI's `--format json`.",
        docs_url=None,  # FastAPI's docs page loads its script from a CDN; ours does not
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.service = service
    app.add_middleware(ResponseCache)
    app.include_router(api.router)
    app.include_router(pages.router)
    files = {name: resources.files("alignscope.web").joinpath("static", name).read_bytes()
             for name in STATIC}

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in files:
            raise HTTPException(404)
        return Response(files[name], media_type=STATIC[name],
                        headers={"Cache-Control": "max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:  # browsers ask for it on pages without an icon link (report)
        return static("favicon.svg")

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return pages.page(request, "docs.html", lang=pages.lang_of(request),
                          spec=app.openapi())

    def answer(request: Request, message: str, status: int) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONText({"error": message}, status_code=status)
        return pages.error_page(request, message, status)

    @app.exception_handler(AlignscopeError)
    async def user_error(request: Request, exc: AlignscopeError) -> Response:
        return answer(request, str(exc), 404 if isinstance(exc, UnknownStateError) else 400)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, validation_sentence(exc), 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = "no such page: see /api/docs for the API" if exc.status_code == 404 else (
            str(exc.detail))
        return answer(request, message, exc.status_code)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        return answer(request, f"internal error: {what}", 500)

    return app


def validation_sentence(exc: RequestValidationError) -> str:
    """FastAPI's list of problems as one sentence naming the first parameter."""
    first = exc.errors()[0]
    name = str(first.get("loc", ("", "?"))[-1])
    given = first.get("input")
    kind = first.get("type", "")
    if kind == "missing":
        return f"give the parameter '{name}'"
    if kind.startswith("int"):
        return f"'{name}' must be a whole number, not '{str(given)[:40]}'"
    return f"bad value for '{name}': {first.get('msg', 'invalid').lower()}"

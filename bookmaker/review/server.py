"""The review web app (Starlette, served by uvicorn on 127.0.0.1 only).

Pages are rendered on the server from Jinja2 templates with autoescaping (every piece of
story text is escaped); each correction is a plain HTML form posted back, written to the
sidecar, and answered with a redirect to the re-parsed page (no script needed, every
control reachable with the keyboard).
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from bookmaker.errors import BookmakerError
from bookmaker.resources import data_dir
from bookmaker.review import edits
from bookmaker.review.guard import Guard
from bookmaker.review.pages import source_text, story_page
from bookmaker.review.session import BUILD_FORMATS, Review

__all__ = ["make_app", "bind_socket", "LOOPBACK"]

LOOPBACK = "127.0.0.1"
"""The only address the server listens on."""
MAX_FIELD = 2000
"""Longest title, author, series or chapter title accepted from a form."""
PRINT_VIEW = "print"
"""The ``?doc=`` value that shows the print HTML instead of an EPUB document."""
PRINT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
             "frame-ancestors 'self'")
"""The print HTML carries its style sheet inline; nothing else, and no script, may load."""
_MEDIA = {"epub": "application/epub+zip", "pdf": "application/pdf"}


def bind_socket(port: int = 0) -> socket.socket:
    """A listening socket on the loopback address (``port`` 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, port))
    sock.listen(16)
    return sock


def _templates() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(data_dir("templates") / "review"))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


class _App:
    """The routes, over one :class:`Review`."""

    def __init__(self, review: Review, token: str) -> None:
        self.review = review
        self.base = f"/{token}"
        self.env = _templates()

    def page(self, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(base=self.base, **context)
        return HTMLResponse(html, code)

    def back(self, index: int, message: str = "", anchor: str = "") -> RedirectResponse:
        from urllib.parse import quote

        query = f"?msg={quote(message)}" if message else ""
        return RedirectResponse(f"{self.base}/s/{index}{query}{anchor}", 303)

    async def project(self, request: Request) -> Response:
        statuses = [self.review.status(i) for i in range(len(self.review.stories))]
        return self.page("project.html", stories=statuses, output=str(self.review.output))

    async def story(self, request: Request) -> Response:
        index = _index(request)
        path = self.review.path(index)
        msg = request.query_params.get("msg", "")[:MAX_FIELD]
        try:
            book = self.review.book(index)
        except BookmakerError as exc:
            return self.page("broken.html", index=index, path=str(path), error=str(exc),
                             message=msg)
        from bookmaker.render.xhtml import Document, render_documents

        docs = render_documents(book).documents
        chosen = request.query_params.get("doc", "")
        doc = next((d for d in docs if d.name == chosen), None) or next(
            (d for d in docs if d.matter == "body"), docs[0])
        if chosen == PRINT_VIEW:
            doc = Document(PRINT_VIEW, "Print view (the PDF's HTML)", "")
        view = story_page(book.stories[0], source_text(path))
        status = self.review.status(index, book)
        return self.page("story.html", index=index, path=str(path), view=view, docs=docs,
                         doc=doc, status=status, message=msg, formats=BUILD_FORMATS,
                         print_view=PRINT_VIEW)

    async def document(self, request: Request) -> Response:
        from bookmaker.render.xhtml import render_documents

        book = self.review.book(_index(request))
        name = request.path_params["name"]
        for d in render_documents(book).documents:
            if d.name == name:
                return Response(d.xhtml, media_type="application/xhtml+xml")
        return Response("no such document", 404)

    async def print_view(self, request: Request) -> Response:
        """The one HTML document the PDF is printed from (its fonts stay the browser's)."""
        from bookmaker.build.book import render

        html = render(self.review.book(_index(request)), "print-html").decode("utf-8")
        return HTMLResponse(html, headers={"content-security-policy": PRINT_CSP})

    async def style(self, request: Request) -> Response:
        from bookmaker.render.epub import STYLESHEETS
        from bookmaker.resources import style_file

        name = request.path_params["name"]
        if name not in (*STYLESHEETS, "review.css"):
            return Response("no such style sheet", 404)
        return FileResponse(style_file(name), media_type="text/css")

    async def correct(self, request: Request) -> Response:
        """One correction from a form, written to the story's sidecar."""
        index = _index(request)
        form = await request.form()
        what = request.path_params["what"]
        fields = {k: str(v)[:MAX_FIELD] for k, v in form.items() if isinstance(v, str)}
        side = self.review.sidecar(index)
        before = side.read_bytes() if side.is_file() else None
        try:
            if what == "chapter" and not 1 <= int(fields["number"]) <= len(
                    self.review.story(index).chapters):
                raise ValueError(fields["number"])
            anchor = _apply(what, side, fields)
            self.review.book(index)  # the story must still load with it
        except (ValueError, KeyError):
            return self.back(index, "That correction was not understood.")
        except BookmakerError as exc:
            _restore(side, before)
            return self.back(index, f"Not saved: {exc}")
        return self.back(index, f"Saved to {side.name}.", anchor)

    async def build(self, request: Request) -> Response:
        index = _index(request)
        form = await request.form()
        fmt = str(form.get("format", ""))
        if fmt not in BUILD_FORMATS:
            return self.back(index, "Choose EPUB or PDF.")
        try:
            out = self.review.build(index, fmt)
        except BookmakerError as exc:
            return self.back(index, f"Build failed: {exc}")
        return self.back(index, f"Built {out.name}.", "#build")

    async def download(self, request: Request) -> Response:
        index = _index(request)
        fmt = request.path_params["fmt"]
        if fmt not in BUILD_FORMATS:
            return Response("no such format", 404)
        out = self.review.output_file(self.review.book(index), fmt)
        if not out.is_file():
            return Response("not built yet", 404)
        return FileResponse(out, media_type=_MEDIA[fmt], filename=out.name)


def _restore(side: Path, before: bytes | None) -> None:
    """Put the sidecar back as it was before a correction the story cannot load with."""
    from bookmaker.build.files import write_atomic

    if before is None:
        side.unlink(missing_ok=True)
    else:
        write_atomic(side, before)


def _index(request: Request) -> int:
    return int(request.path_params["index"])


def _flag(value: str) -> bool:
    if value not in ("0", "1"):
        raise ValueError(value)
    return value == "1"


def _line(fields: dict[str, str]) -> int:
    line = int(fields["line"])
    if line < 1:
        raise ValueError(line)
    return line


def _apply(what: str, side: Path, f: dict[str, str]) -> str:
    """Write the correction ``what`` from form fields ``f``; return the anchor to show."""
    match what:
        case "heading":
            edits.set_heading(side, _line(f), _flag(f["on"]))
        case "break":
            edits.set_break(side, _line(f), _flag(f["on"]))
        case "kind":
            edits.set_block_kind(side, _line(f), f["kind"])
        case "fields":
            authors = f["authors"].splitlines() if "authors" in f else None
            edits.set_fields(side, title=f.get("title"), series=f.get("series"),
                             authors=authors)
            return "#fields"
        case "chapter":
            edits.rename_chapter(side, int(f["number"]), f["title"])
            return "#chapters"
        case _:
            raise KeyError(what)
    return f"#line-{_line(f)}"


def _error_page(request: Request, exc: Exception) -> Response:
    return HTMLResponse(f"<!doctype html><title>bookmaker review</title><p>Error: "
                        f"{_escape(str(exc))}</p>", 400)


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def make_app(review: Review, token: str, port: int) -> Guard:
    """The guarded ASGI app for ``review`` on ``port``, reachable under ``/<token>/``."""
    app = _App(review, token)
    b = app.base
    routes = [
        Route(f"{b}/", app.project),
        Route(f"{b}/s/{{index:int}}", app.story),
        Route(f"{b}/s/{{index:int}}/doc/styles/{{name}}", app.style),
        Route(f"{b}/s/{{index:int}}/doc/{{name}}", app.document),
        Route(f"{b}/s/{{index:int}}/print", app.print_view),
        Route(f"{b}/s/{{index:int}}/fix/{{what}}", app.correct, methods=["POST"]),
        Route(f"{b}/s/{{index:int}}/build", app.build, methods=["POST"]),
        Route(f"{b}/s/{{index:int}}/file/{{fmt}}", app.download),
        Route(f"{b}/static/styles/{{name}}", app.style),
    ]
    starlette = Starlette(routes=routes, exception_handlers={BookmakerError: _error_page})
    return Guard(starlette, token, port)

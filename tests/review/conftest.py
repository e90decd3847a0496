"""A real review server on 127.0.0.1 (a free port) in a thread, and an HTTP client for it."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bookmaker.review.guard import new_token
from bookmaker.review.run import make_server
from bookmaker.review.server import bind_socket
from bookmaker.review.session import Review

START_TIMEOUT = 10.0
"""Seconds the server may take to start (or stop) before the test fails."""
REQUEST_TIMEOUT = 60.0
"""Seconds one request may take (a PDF build is the slowest)."""

STORY = """Lanterns

by Jo Writer

A summary of the story that is long enough to be read as one.

Chapter 1

The first scene is here, and it goes on for a while.

* * *

The second scene has <b>angle brackets</b> & an ampersand.

The Lamplighter

It was later, and the lamps were lit.

More text follows in this chapter.

Chapter 2

The end came.
"""
"""A story whose "The Lamplighter" line the parser does not take for a heading."""
INTERLUDE_LINE = 15


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass(frozen=True)
class Served:
    """The running server: its address and the story folder."""

    url: str
    """``http://127.0.0.1:PORT/TOKEN/``."""
    port: int
    folder: Path

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str = "", headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", self.url + path, None, headers)

    def post(self, path: str, fields: dict[str, str], *, origin: str | None = "same",
             headers: dict[str, str] | None = None) -> Reply:
        h = dict(headers or {})
        if origin is not None:
            h["Origin"] = self.origin if origin == "same" else origin
        data = urllib.parse.urlencode(fields).encode()
        return self.request("POST", self.url + path, data, h)

    @staticmethod
    def request(method: str, url: str, data: bytes | None,
                headers: dict[str, str] | None = None) -> Reply:
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=REQUEST_TIMEOUT) as r:
                return Reply(r.status, r.read(), dict(r.headers))
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read(), dict(e.headers))


@pytest.fixture
def story_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "lanterns.txt").write_text(STORY, encoding="utf-8")
    return folder


@pytest.fixture
def served(story_folder: Path, tmp_path: Path) -> Iterator[Served]:
    """The review of ``stories/lanterns.txt`` served on a free loopback port."""
    review = Review((story_folder / "lanterns.txt",), tmp_path / "out")
    sock = bind_socket(0)
    server, started = make_server(review, sock, new_token())
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.02)
    assert server.started, "the review server did not start"
    try:
        yield Served(started.url, started.port, story_folder)
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT)
        sock.close()
        assert not thread.is_alive(), "the review server did not stop"

"""The review server refuses what is not the local page: foreign Host (DNS rebinding),
foreign or missing Origin on a change, a missing or wrong token; it escapes story text."""

from __future__ import annotations

from tests.review.conftest import Served


def test_page_is_served_with_the_token(served: Served) -> None:
    reply = served.get("s/0")
    assert reply.status == 200
    assert "Lanterns" in reply.text
    assert "script-src 'none'" in reply.headers["content-security-policy"]
    assert reply.headers["referrer-policy"] == "same-origin"


def test_story_text_is_escaped(served: Served) -> None:
    page = served.get("s/0").text
    assert "&lt;b&gt;angle brackets&lt;/b&gt; &amp; an ampersand" in page
    assert "<b>angle brackets</b>" not in page


def test_foreign_host_is_refused(served: Served) -> None:
    for host in (f"attacker.example:{served.port}", "127.0.0.1", f"127.0.0.1:{served.port + 1}"):
        reply = served.get("s/0", headers={"Host": host})
        assert reply.status == 421, host
        assert "Lanterns" not in reply.text


def test_localhost_by_name_is_served(served: Served) -> None:
    assert served.get("s/0", headers={"Host": f"localhost:{served.port}"}).status == 200


def test_wrong_or_missing_token_is_not_found(served: Served) -> None:
    base = served.origin
    token = served.url.rstrip("/").rsplit("/", 1)[1]
    for url in (f"{base}/", f"{base}/s/0", f"{base}/{token[:-1]}x/s/0", f"{base}/{token}x/s/0"):
        reply = served.request("GET", url, None)
        assert reply.status == 404, url
        assert "Lanterns" not in reply.text


def test_change_without_the_pages_origin_is_refused(served: Served) -> None:
    sidecar = served.folder / "lanterns.toml"
    fields = {"line": "15", "on": "1"}
    assert served.post("s/0/fix/heading", fields, origin=None).status == 403
    assert served.post("s/0/fix/heading", fields, origin="http://attacker.example").status == 403
    assert served.post("s/0/fix/heading", fields,
                       origin=f"http://127.0.0.1:{served.port + 1}").status == 403
    assert not sidecar.exists()
    assert served.post("s/0/fix/heading", fields).status == 303
    assert sidecar.exists()


def test_only_the_stories_it_was_started_on(served: Served) -> None:
    assert served.get("s/1").status == 400
    assert served.post("s/1/fix/heading", {"line": "3", "on": "1"}).status == 400
    assert served.get("s/0/doc/..%2F..%2Fetc%2Fpasswd").status == 404
    assert served.get("static/styles/..%2F..%2Fpyproject.toml").status == 404
    assert sorted(p.name for p in served.folder.iterdir()) == ["lanterns.txt"]

"""A shared project, theme or sidecar cannot write outside the output folder, run code,
leak files or hang a build (issue 13). Each case ends in a clear error or a correct book."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.hostile.shared import CASE_SECONDS, files_under, project, run, write_story

pytestmark = pytest.mark.timeout(CASE_SECONDS)

SECRET = "TOP-SECRET-6f1d"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A private file outside the project that must never reach a book."""
    path = tmp_path / "private" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def _one_error(err: str, *needles: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# -- writes outside the output folder ---------------------------------------------------


@pytest.mark.parametrize("stem", ["../escaped", "/tmp/bookmaker-escaped-13", "sub/x", ".hidden"])
def test_anthology_file_must_be_a_plain_name(tmp_path, monkeypatch, capsys, stem):
    root = project(tmp_path / "p", f'[[anthology]]\ntitle = "T"\nstories = ["stories/a.txt"]\n'
                                   f'file = "{stem}"\nformats = ["epub"]\n')
    monkeypatch.chdir(root)
    code, _, err = run(["build"], capsys)
    assert code == 4
    _one_error(err, "anthology[1].file", "not a file name")
    assert not (tmp_path / "escaped.epub").exists()
    assert not Path("/tmp/bookmaker-escaped-13.epub").exists()
    assert not (root / "out").exists()


def test_anthology_command_file_must_be_a_plain_name(tmp_path, monkeypatch, capsys):
    story = write_story(tmp_path / "w", "a")
    monkeypatch.chdir(tmp_path / "w")
    code, _, err = run(["anthology", str(story), "-t", "T", "--file", "../../x", "-f", "epub"],
                       capsys)
    assert code == 4
    _one_error(err, "--file")
    assert files_under(tmp_path) == {"w/a.txt"}


@pytest.mark.parametrize("toml, key", [
    ('[defaults]\noutput = "../outside"\n', "defaults.output"),
    ('stories = ["../../../../etc/passwd"]\n', "stories"),
    ('stories = ["/etc/hostname"]\n', "stories"),
    ('stories = ["../*.txt"]\n', "stories"),
    ('[defaults]\nstyles = "../private"\n', "defaults.styles"),
    ('[defaults]\ntemplates = "/etc"\n', "defaults.templates"),
    ('[defaults]\nstyle = "../private/x.css"\n', "defaults.style"),
    ('[[anthology]]\ntitle = "T"\nstories = ["stories/a.txt"]\ncover = "../private/c.png"\n',
     "anthology[1].cover"),
])
def test_project_paths_stay_inside_the_project(tmp_path, monkeypatch, capsys, secret, toml, key):
    (secret.parent / "x.css").write_text("p { color: red }", encoding="utf-8")
    (secret.parent / "c.png").write_bytes(_png(8, 8))
    write_story(tmp_path, "loose")
    root = project(tmp_path / "p", toml)
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, key, "outside the project folder", "--allow-outside")
    assert not (root / "out").exists() and not (tmp_path / "outside").exists()


def test_symlinked_story_out_of_the_project_is_refused(tmp_path, monkeypatch, capsys, secret):
    root = project(tmp_path / "p", 'stories = ["stories/*.txt"]\n', stories=("a",))
    (root / "stories" / "leak.txt").symlink_to(secret)
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "leak.txt", "outside the project folder")


def test_allow_outside_trusts_the_project(tmp_path, monkeypatch, capsys):
    write_story(tmp_path / "elsewhere", "far")
    (tmp_path / "p").mkdir()
    root = project(tmp_path / "p", 'stories = ["../elsewhere/far.txt"]\n', stories=())
    monkeypatch.chdir(root)
    code, out, err = run(["build", "-f", "epub", "--allow-outside"], capsys)
    assert code == 0, err
    assert (root / "out" / "far.epub").is_file()


# -- code execution and file leaks through templates and styles -------------------------

EXPLOIT = '{{ cycler.__init__.__globals__.os.system("id > PWNED") }}'


def test_user_template_cannot_run_code(tmp_path, monkeypatch, capsys):
    root = project(tmp_path / "p", '[defaults]\ntemplates = "templates"\n', stories=("a",))
    (root / "templates" / "epub").mkdir(parents=True)
    (root / "templates" / "epub" / "chapter.xhtml").write_text(EXPLOIT, encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)
    assert not (root / "PWNED").exists(), "the template ran a shell command"
    assert code == 4
    _one_error(err, "template", "unsafe")
    assert "internal error" not in err


def test_broken_user_template_is_a_clear_error(tmp_path, monkeypatch, capsys):
    root = project(tmp_path / "p", '[defaults]\ntemplates = "templates"\n', stories=("a",))
    (root / "templates" / "epub").mkdir(parents=True)
    (root / "templates" / "epub" / "chapter.xhtml").write_text("{% if %}", encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "chapter.xhtml", "line 1", "template error")


@pytest.mark.parametrize("kind, name", [("styles", "base.css"), ("styles", "epub.css"),
                                        ("templates", "titlepage.html")])
def test_symlinked_style_or_template_is_not_copied(tmp_path, monkeypatch, capsys, secret, kind,
                                                   name):
    root = project(tmp_path / "p", f'[defaults]\n{kind} = "{kind}"\n', stories=("a",))
    (root / kind).mkdir()
    (root / kind / name).symlink_to(secret)
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub,html"], capsys)
    assert code == 4
    _one_error(err, name, "outside")
    for path in (root / "out").rglob("*") if (root / "out").exists() else ():
        assert SECRET.encode() not in path.read_bytes()


def test_style_that_is_a_device_is_refused(tmp_path, monkeypatch, capsys):
    root = project(tmp_path / "p", '[defaults]\nstyles = "styles"\n', stories=("a",))
    (root / "styles").mkdir()
    os.mkfifo(root / "styles" / "base.css")
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "base.css", "pipe")


def test_epub_css_loses_remote_and_file_urls(tmp_path, monkeypatch, capsys, caplog):
    root = project(tmp_path / "p", '[defaults]\nstyles = "styles"\nformats = ["epub"]\n',
                   stories=("a",))
    (root / "styles").mkdir()
    own = (Path(__file__).resolve().parents[2] / "styles" / "epub.css").read_text("utf-8")
    (root / "styles" / "epub.css").write_text(
        '@import url("https://fonts.example.com/x.css");\n'
        'body { background: url(file:///etc/passwd); margin: 0 }\n'
        '@font-face { font-family: R; src: url(http://example.com/r.woff) }\n' + own,
        encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = run(["build"], capsys)
    assert code == 0, err
    warnings = [r.getMessage() for r in caplog.records if "remote or file: URLs" in r.getMessage()]
    assert len(warnings) == 1 and "3 rule(s)" in warnings[0], warnings
    with zipfile.ZipFile(root / "out" / "a.epub") as zf:
        css = zf.read(next(n for n in zf.namelist() if n.endswith("styles/epub.css"))).decode()
    for url in ("https://", "file:", "http://"):
        assert url not in css
    assert "margin: 0" in css and own.strip()[-40:] in css


# -- hangs and memory: devices, FIFOs, endless files ------------------------------------


def test_story_that_is_dev_zero_is_refused(tmp_path, capsys):
    for command in (["build", "/dev/zero", "-o", str(tmp_path / "out")], ["inspect", "/dev/zero"]):
        code, _, err = run(command, capsys)
        assert code == 3
        _one_error(err, "/dev/zero", "character device")


def test_story_that_is_a_fifo_is_refused(tmp_path, capsys):
    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    code, _, err = run(["build", str(fifo), "-o", str(tmp_path / "out")], capsys)
    assert code == 3
    _one_error(err, "story.txt", "pipe")


@pytest.mark.parametrize("cover", ["/dev/zero", "fifo"])
def test_sidecar_cover_device_or_fifo_is_refused(tmp_path, monkeypatch, capsys, cover):
    monkeypatch.chdir(tmp_path)
    if cover == "fifo":
        os.mkfifo(tmp_path / "cover.png")
        cover = "cover.png"
    story = write_story(tmp_path, "s", sidecar=f'cover = "{cover}"\n')
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "cover")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_sidecar_cover_outside_the_story_folder_is_refused(tmp_path, monkeypatch, capsys):
    (tmp_path / "private" / "c.png").parent.mkdir()
    (tmp_path / "private" / "c.png").write_bytes(_png(8, 8))
    story = write_story(tmp_path / "shared" / "stories", "s",
                        sidecar='cover = "../../private/c.png"\n')
    monkeypatch.chdir(tmp_path / "shared")
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "outside the story's folder")


def test_anthology_cover_dev_zero_is_refused(tmp_path, monkeypatch, capsys):
    root = project(tmp_path / "p", '[[anthology]]\ntitle = "T"\nstories = ["stories/a.txt"]\n'
                                   'cover = "zero.png"\n')
    (root / "zero.png").symlink_to("/dev/zero")
    monkeypatch.chdir(root)
    code, _, err = run(["build", "-f", "epub"], capsys)  # the link leaves the project
    assert code == 4
    _one_error(err, "anthology[1].cover", "outside the project folder")
    code, _, err = run(["build", "-f", "epub", "--allow-outside"], capsys)  # still a device
    assert code == 4
    _one_error(err, "anthology[1].cover", "character device")
    monkeypatch.chdir(tmp_path)  # no project here: the command line is the user's own
    code, _, err = run(["anthology", "p/stories/a.txt", "-t", "T", "--cover", "/dev/zero"],
                       capsys)
    assert code == 4
    _one_error(err, "--cover", "character device")


def test_sidecar_that_is_a_fifo_is_ignored_not_read(tmp_path, capsys):
    story = write_story(tmp_path, "s")
    os.mkfifo(tmp_path / "s.toml")
    code, _, err = run(["build", str(story), "-o", str(tmp_path / "out"), "-f", "epub"], capsys)
    assert code == 0, err


def test_project_file_that_is_a_device_is_refused(tmp_path, capsys):
    code, _, err = run(["build", "--project", "/dev/zero"], capsys)
    assert code == 4
    _one_error(err, "/dev/zero", "character device")


# -- covers are decoded and verified ----------------------------------------------------


def _png(width: int, height: int, icc: bytes | None = None, mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), "white").save(out, "PNG", icc_profile=icc)
    return out.getvalue()


def _bomb(width: int, height: int) -> bytes:
    """A valid-looking PNG header announcing ``width``×``height`` pixels, a few bytes long."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b""))


def _truncated_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((200, 300), 64).convert("RGB").save(out, "JPEG")
    return out.getvalue()[:-2000]


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "after-weasyprint"])
@pytest.mark.parametrize("data, needle", [
    (b"\x89PNG\r\n\x1a\n" + os.urandom(4000), "cover"),
    (_bomb(30000, 30000), "pixels"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 100, "cover"),
    (_truncated_jpeg(), "damaged"),
], ids=["png-garbage", "bomb", "jpeg-zeros", "jpeg-truncated"])
def test_bad_covers_are_refused(tmp_path, monkeypatch, capsys, data, needle, lenient):
    from PIL import ImageFile

    # WeasyPrint sets this for the whole process when imported (PDF builds, workers)
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.png").write_bytes(data)
    story = write_story(tmp_path, "s", sidecar='cover = "c.png"\n')
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, needle)


def test_huge_colour_profile_is_dropped_by_re_encoding(tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.png").write_bytes(_png(60, 90, icc=os.urandom(600 * 1024)))
    story = write_story(tmp_path, "s", sidecar='cover = "c.png"\n')
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 0, err
    assert any("re-encoding the cover" in r.getMessage() for r in caplog.records)
    with zipfile.ZipFile(tmp_path / "out" / "s.epub") as zf:
        name = next(n for n in zf.namelist() if "cover." in n and n.endswith(".png"))
        data = zf.read(name)
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    assert image.size == (60, 90) and "icc_profile" not in image.info
    assert len(data) < 100_000


@pytest.mark.parametrize("kind", ["zeros", "random"])
def test_thirty_megabyte_colour_profile_is_refused(tmp_path, monkeypatch, capsys, kind):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # as after WeasyPrint
    profile = b"\0" * (30 * 2**20) if kind == "zeros" else os.urandom(30 * 2**20)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.png").write_bytes(_png(60, 90, icc=profile))
    story = write_story(tmp_path, "s", sidecar='cover = "c.png"\n')
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 4
    _one_error(err, "c.png")


def test_sound_cover_is_kept_byte_for_byte(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    cover = _png(60, 90)
    (tmp_path / "c.png").write_bytes(cover)
    story = write_story(tmp_path, "s", sidecar='cover = "c.png"\n')
    code, _, err = run(["build", str(story), "-o", "out", "-f", "epub"], capsys)
    assert code == 0, err
    with zipfile.ZipFile(tmp_path / "out" / "s.epub") as zf:
        assert cover in [zf.read(n) for n in zf.namelist() if n.endswith(".png")]


def test_books_made_from_repaired_inputs_build(tmp_path, monkeypatch, capsys, epubcheck):
    """Re-encoded covers (huge profile, CMYK) and cleaned CSS give books (checked below)."""
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    (tmp_path / "profile.png").write_bytes(_png(60, 90, icc=os.urandom(600 * 1024)))
    cmyk = io.BytesIO()
    Image.new("CMYK", (60, 90), (0, 80, 80, 0)).save(cmyk, "JPEG")
    (tmp_path / "cmyk.jpg").write_bytes(cmyk.getvalue())
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "epub.css").write_text(
        '@import url("https://fonts.example.com/x.css");\np { background: url(file:///x) }\n',
        encoding="utf-8")
    (tmp_path / "bookmaker.toml").write_text('[defaults]\nstyles = "styles"\n', encoding="utf-8")
    stories = [write_story(tmp_path, "profile", sidecar='cover = "profile.png"\n'),
               write_story(tmp_path, "cmyk", sidecar='cover = "cmyk.jpg"\n')]
    code, _, err = run(["build", *map(str, stories), "-o", "out", "-f", "epub"], capsys)
    assert code == 0, err
    books = sorted((tmp_path / "out").glob("*.epub"))
    assert len(books) == 2
    with zipfile.ZipFile(tmp_path / "out" / "cmyk.epub") as zf:
        jpeg = next(zf.read(n) for n in zf.namelist() if n.endswith(".jpg"))
    assert Image.open(io.BytesIO(jpeg)).mode == "RGB"
    for book in books:
        epubcheck.submit("shared-project", book.name, book)


@pytest.mark.epubcheck
@pytest.mark.timeout(CASE_SECONDS * 10)  # the session's one JVM may check every EPUB here
def test_books_made_from_repaired_inputs_pass_epubcheck(epubcheck):
    from tests.epubcheck_session import problems

    reports = epubcheck.reports("shared-project")
    bad = {name: problems(r)[:5] for name, r in reports.items() if problems(r)}
    assert len(reports) == 2
    assert not bad, bad


def test_copied_templates_render_in_the_sandbox(tmp_path, monkeypatch, capsys):
    """`bookmaker new` copies every template; all of them work under the sandbox."""
    code, _, err = run(["new", str(tmp_path / "p")], capsys)
    assert code == 0, err
    monkeypatch.chdir(tmp_path / "p")
    code, out, err = run(["build", "-f", "epub,html"], capsys)
    assert code == 0, err
    assert list((tmp_path / "p" / "out").glob("*.epub")) and "wrote" in out


@pytest.mark.parametrize("suffix, member", [(".docx", "word/document.xml"),
                                            (".epub", "EPUB/chapter.xhtml")])
def test_zip_bomb_story_is_refused_before_unpacking(tmp_path, capsys, suffix, member):
    path = tmp_path / f"bomb{suffix}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if suffix == ".epub":
            archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr(member, "<p>" + " " * (50 * 2**20) + "x</p>")
    assert path.stat().st_size < 200_000
    code, _, err = run(["inspect", str(path)], capsys)
    assert code == 3
    _one_error(err, path.name, "zip bomb")


def test_a_build_with_user_templates_does_not_poison_the_next_one(tmp_path):
    """Sandboxed and plain environments compile to different code: their bytecode caches
    are apart (a plain build once loaded the sandbox's code and failed on every template)."""
    import subprocess
    import sys

    (tmp_path / "templates").mkdir()  # a user's folder: all falls back to ours, sandboxed
    (tmp_path / "s.txt").write_text("Title\n\nSome prose here.\n", encoding="utf-8")
    script = (
        "from bookmaker.bind import single_book\n"
        "from bookmaker.build.book import render\n"
        "from bookmaker.load import load_story\n"
        "from bookmaker.model import BookOptions\n"
        "story = load_story('s.txt')\n"
        "render(single_book(story, BookOptions(templates_dir='templates')), 'epub')\n"
        "render(single_book(story), 'epub')\n")
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # a fresh bytecode cache
    for _ in range(2):  # the second process reads what the first one cached
        proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]

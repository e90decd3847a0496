"""Print-on-demand: trims in inches, service presets, bleed, gutter by page count,
PDF/X and PDF/A variants, the wrap cover, and the command-line flags for them."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from bookmaker.cli import main
from bookmaker.errors import ConfigError
from bookmaker.render.pdf import page_count, render_pdf
from bookmaker.render.print_html import CMYK_PROFILES, book_trim, cmyk_profile, stylesheets
from bookmaker.render.trim import BLEED, gutter_for, page_warning, parse_length
from bookmaker.render.wrapcover import PAPER_THICKNESS, cover_size, render_wrap_cover
from bookmaker.settings.options import check_bleed, check_pdf_variant, check_service
from tests.render.test_pdf import SINGLE

GS = shutil.which("gs")


def _with(**options):
    return replace(SINGLE, options=replace(SINGLE.options, **options))


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def test_gutter_grows_by_the_kdp_table():
    assert gutter_for(24) == gutter_for(150) == 0
    assert gutter_for(151) == pytest.approx(0.125 * 72)
    assert gutter_for(400) == pytest.approx(0.25 * 72)
    assert gutter_for(828) == pytest.approx(0.5 * 72)
    thin = book_trim(_with(trim="6x9"), 100).margins
    thick = book_trim(_with(trim="6x9"), 600).margins
    assert thick[2] - thin[2] == pytest.approx(0.375 * 72) and thick[3] == thin[3]
    assert f"{thick[2]:.2f}pt" in "".join(stylesheets(_with(trim="6x9"), 600))


def test_service_page_limits_warn():
    assert page_warning("kdp", 300) == "" and page_warning("", 5000) == ""
    assert "828" in page_warning("kdp", 829) and "800" in page_warning("lulu", 801)
    assert "24" in page_warning("kdp", 10)


def test_preset_gives_its_trim_unless_one_is_named():
    assert book_trim(_with(service="kdp", trim="digest")).width == 6 * 72
    assert book_trim(_with(service="lulu", trim="a5")).name == "a5"


@pytest.mark.parametrize("check, value", [
    (check_bleed, "2in"), (check_bleed, "lots"), (check_pdf_variant, "pdf/z-9"),
    (check_service, "printshop"),
])
def test_bad_print_values_are_refused(check, value):
    with pytest.raises(ConfigError):
        check(value, key="--x")


def test_lengths():
    assert parse_length("0.125") == pytest.approx(BLEED) == parse_length("0.125in")
    assert parse_length("3mm") == pytest.approx(8.504, abs=0.01)


@pytest.fixture(scope="module")
def bled() -> bytes:
    return render_pdf(_with(trim="6x9", bleed="0.125in"))


def test_bleed_extends_the_page_box_and_keeps_the_trim_box(bled):
    page = _reader(bled).pages[4]
    assert [float(v) for v in page.trimbox] == [0, 0, 432, 648]
    assert [float(v) for v in page.mediabox] == [-9, -9, 441, 657]
    assert [float(v) for v in page.bleedbox] == [-9, -9, 441, 657]


def _xmp(reader: pypdf.PdfReader) -> str:
    meta = reader.trailer["/Root"]["/Metadata"].get_object()
    return meta.get_data().decode("utf-8", "replace")


needs_profile = pytest.mark.skipif(
    not any(Path(p).is_file() for p in CMYK_PROFILES),
    reason="no CMYK profile on this system (install ghostscript for its default_cmyk.icc)")


@needs_profile
def test_pdf_x4_has_output_intent_trim_box_and_pure_black_text():
    data = render_pdf(_with(trim="6x9", bleed="0.125in", pdf_variant="pdf/x-4"))
    reader = _reader(data)
    assert data.startswith(b"%PDF-1.6")
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0]["/S"] == "/GTS_PDFX" and "/DestOutputProfile" in intents[0]
    assert "PDF/X-4" in _xmp(reader)
    assert reader.metadata["/Trapped"] == "/False"
    for page in reader.pages:
        assert "/TrimBox" in page
    stream = reader.pages[8].get_contents().get_data()
    assert b"0 0 0 1 scn" in stream and b" rg" not in stream, "text in 100 % K"
    assert reader.metadata["/CreationDate"] == "D:20000101000000Z", "no clock in the file"
    _gs_reads(data)


def test_pdf_x_without_a_profile_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="CMYK output profile"):
        cmyk_profile(_with(pdf_variant="pdf/x-4", icc_profile=str(tmp_path / "none.icc")))


def test_pdf_a2b_declares_itself_and_embeds_every_font():
    data = render_pdf(_with(pdf_variant="pdf/a-2b"))
    reader = _reader(data)
    xmp = _xmp(reader)
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    _gs_reads(data)
    assert render_pdf(_with(pdf_variant="pdf/a-2b")) == data, "deterministic"


def _gs_reads(data: bytes) -> None:
    """Ghostscript interprets every page without an error (when it is installed)."""
    if GS is None:
        return
    run = subprocess.run([GS, "-q", "-dNOPAUSE", "-dBATCH", "-dPDFSTOPONERROR",
                          "-sDEVICE=nullpage", "-"], input=data, capture_output=True,
                         timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-500:]


@pytest.mark.parametrize("paper", ["white", "cream"])
def test_wrap_cover_is_two_trims_a_spine_and_two_bleeds(paper):
    book = _with(trim="6x9", paper=paper)
    pages = page_count(book)
    data = render_wrap_cover(book)
    box = _reader(data).pages[0].mediabox
    spine = pages * PAPER_THICKNESS[paper] * 72
    assert float(box.width) == pytest.approx(2 * 432 + spine + 2 * BLEED, abs=0.05)
    assert float(box.height) == pytest.approx(648 + 2 * BLEED, abs=0.05)
    size = cover_size(book, pages)
    assert size.width == pytest.approx(float(box.width), abs=0.05)
    assert len(_reader(data).pages) == 1
    _gs_reads(data)


def test_cli_flags_reach_the_pdf(tmp_path, capsys, caplog):
    story = tmp_path / "story.txt"
    story.write_text("The Lamp\n\nby Ann\n\n" + "The lamp was lit and the night was long. " * 80,
                     encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bookmaker"):
        code = main(["build", str(story), "-o", str(tmp_path / "out"), "-f", "pdf,cover",
                     "--trim", "6x9", "--bleed", "--preset", "kdp", "--paper", "cream", "-j", "1"])
    assert code == 0, capsys.readouterr()
    pdf = _reader((tmp_path / "out" / "story.pdf").read_bytes())
    assert float(pdf.pages[0].trimbox.width) == 432 and float(pdf.pages[0].mediabox.width) == 450
    assert (tmp_path / "out" / "story.cover.pdf").is_file()
    assert any("at least 24" in r.getMessage() for r in caplog.records), "kdp's minimum"


def test_cli_refuses_a_bad_variant(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nSome prose.\n", encoding="utf-8")
    code = main(["build", str(story), "-o", str(tmp_path), "--pdf-variant", "pdf/q"])
    err = capsys.readouterr().err
    assert code != 0 and "Error:" in err and "pdf/x-4" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))


def test_cli_icc_profile_must_be_a_file(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nSome prose.\n", encoding="utf-8")
    code = main(["build", str(story), "-o", str(tmp_path), "--pdf-variant", "pdf/x-4",
                 "--icc-profile", str(tmp_path / "missing.icc")])
    err = capsys.readouterr().err
    assert code != 0 and "--icc-profile" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))

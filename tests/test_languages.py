"""Stories in eleven languages: structure from each language's vocabulary, its quotation
marks, CJK counted in characters, and the EPUB and PDF they make (every glyph in the PDF).

The fixtures (tests/fixtures/languages/*.txt) are written for these tests: a title, a
byline, a summary and a disclaimer label, two chapters with a scene break, a closing
author's note and an end marker, each in the language's own words.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pypdf
import pytest

from bookmaker.bind import single_book
from bookmaker.layout.metadata import title_fields
from bookmaker.load import load_story
from bookmaker.model import BookOptions
from bookmaker.parse import parse
from bookmaker.parse.words import lost_words
from bookmaker.read.text import read_story_text
from bookmaker.render.epub import render_epub
from bookmaker.render.pdf import render_pdf
from tests.epubcheck_session import problems
from tests.textcheck import html_text

FIXTURES = Path(__file__).parent / "fixtures" / "languages"

# lang: (title, author, chapter titles, the outer opening quote the text must show)
EXPECTED: dict[str, tuple[str, str, tuple[str, str], str]] = {
    "en": ("The Lantern Keeper", "Rowan Ashby", ("The Lamp", "The Well"), "\u201c"),
    "es": ("La canción del puerto", "Marisol Vega", ("El puerto", "¡La tormenta!"), "\u00ab"),
    "pt": ("A casa da colina", "Beatriz Lima", ("A porta", "O jardim"), "\u201c"),
    "fr": ("Le phare des brumes", "Claire Dubois", ("La lettre", "La réponse"),
           "\u00ab\u202f"),
    "de": ("Der Winterzug", "Anna Schmidt", ("Der Schnee", "Der Morgen"), "\u201e"),
    "it": ("La bottega dell\u2019orologiaio", "Giulia Romano", ("Le lancette", "La chiave"),
           "\u00ab"),
    "ru": ("Северный ветер", "Ирина Соколова", ("Дорога", "Огни"), "\u00ab"),
    "pl": ("Ostatni tramwaj", "Katarzyna Nowak", ("Przystanek", "Miasto"), "\u201e"),
    "zh": ("长安夜雨", "李明远", ("雨夜", "古画"), "\u201c"),
    "ja": ("星降る町の手紙", "山田花子", ("最初の手紙", "返事"), "\u300c"),
    "ko": ("바다의 기억", "김서연", ("유리병", "항구"), "\u201c"),
}
LANGS = sorted(EXPECTED)
CJK = {"zh", "ja", "ko"}
DIALOGUE = {"es", "fr", "ru"}
"""Fixtures whose dialogue opens with a hyphen: an em dash in the book."""


@pytest.fixture(scope="module")
def stories():
    return {lang: load_story(FIXTURES / f"{lang}.txt") for lang in LANGS}


@pytest.fixture(scope="module")
def books(stories):
    return {lang: single_book(s, BookOptions(trim="pocket", style="classic"))
            for lang, s in stories.items()}


@pytest.fixture(scope="module")
def pdfs(books):
    """Each language's PDF, with the WeasyPrint warnings it logged (.notdef = tofu)."""
    out = {}
    for lang, book in books.items():
        records: list[logging.LogRecord] = []
        handler = logging.Handler()
        handler.emit = records.append  # type: ignore[method-assign]
        log = logging.getLogger("weasyprint")
        log.addHandler(handler)
        try:
            data = render_pdf(book)
        finally:
            log.removeHandler(handler)
        out[lang] = (data, [r.getMessage() for r in records if r.levelno >= logging.WARNING])
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_structure_per_language(stories, lang):
    title, author, chapter_titles, _ = EXPECTED[lang]
    story = stories[lang]
    assert story.meta["language"] == lang
    assert story.title == title
    assert story.authors == (author,)
    assert tuple(c.title for c in story.chapters) == chapter_titles
    assert [len(c.scenes) for c in story.chapters] == [2, 1]
    assert [b.kind for b in story.front_matter] == ["summary", "disclaimer"]
    assert [b.kind for b in story.end_matter] == ["notes", "end-marker"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_lost(lang):
    text = read_story_text(FIXTURES / f"{lang}.txt").text
    assert not lost_words(text, parse(text, "x", lang=lang))


@pytest.mark.parametrize("lang", LANGS)
def test_quotes_per_language(stories, lang):
    prose = "\n".join(p for c in stories[lang].chapters for p in c.paragraphs)
    assert EXPECTED[lang][3] in prose
    assert '"' not in prose and "'" not in prose
    if lang in DIALOGUE:
        assert any(p.startswith("\u2014") for c in stories[lang].chapters for p in c.paragraphs)


def test_vocabulary_follows_the_language():
    """Spanish words are headings and bylines in a Spanish story, not in an English one."""
    text = ("A Walk\npor Marisol\n\nCapítulo 1\n\nThe walk was long and the road was dusty "
            "and the sun was hot.\n\nCapítulo 2\n\nThe end of the road came at last, and "
            "the house was there.\n")
    english = parse(text, "walk", lang="en")
    spanish = parse(text, "walk", lang="es")
    assert len(english.chapters) == 1 and not english.authors
    assert [c.label for c in spanish.chapters] == ["Capítulo 1", "Capítulo 2"]
    assert spanish.authors == ("Marisol",)


def test_prose_after_a_byline_word_is_not_a_byline():
    story = parse("El camino\npor el río\n\nCapítulo 1\n\nLa casa estaba lejos del río y "
                  "nadie la visitaba nunca.\n", "x", lang="es")
    assert not story.authors


@pytest.mark.parametrize("lang,heading,number,title", [
    ("zh", "第十二章　港", 12, "港"), ("zh", "第３回", 3, None), ("ko", "제2장 항구", 2, "항구"),
    ("ko", "3화", 3, None), ("zh", "第一百零三章", 103, None), ("ja", "第二十一話", 21, None),
])
def test_cjk_headings(lang, heading, number, title):
    body = "他走了很久，终于看见了那座城。城门已经关了，他只好在外面等。"
    story = parse(f"书名\n\n{heading}\n\n{body}\n\n{body}\n", "x", lang=lang)
    assert [d.code for d in story.decisions if d.text == heading] == ["heading.keyword"]
    assert story.chapters[0].number == number
    assert story.chapters[0].label == heading
    assert story.chapters[0].title == title


def test_cjk_sentence_after_a_counter_is_prose():
    text = ("标题\n\n第一章\n\n他走了很久。\n\n第三回他们又见面了，这一次谁也没有说话。\n\n"
            "第二章\n\n天亮了。\n")
    story = parse(text, "x", lang="zh")
    assert [c.label for c in story.chapters] == ["第一章", "第二章"]


def test_bare_kanji_numerals_and_parts():
    body = "その日は朝から雨だった。私は先生の家へ行った。"
    text = (f"こころ\n\n上　先生と私\n\n一\n\n{body}\n\n二\n\n{body}\n\n"
            f"中　両親と私\n\n三\n\n{body}\n")
    story = parse(text, "x", lang="ja")
    assert [c.label for c in story.chapters] == ["一", "二", "三"]
    assert [p.title for p in story.parts] == ["上\u3000先生と私", "中\u3000両親と私"]


@pytest.mark.parametrize("lang", sorted(CJK))
def test_cjk_counted_in_characters(stories, books, lang):
    story = stories[lang]
    prose = "".join(p for c in story.chapters for p in c.paragraphs)
    assert story.count_unit == "characters"
    assert story.word_count > len(prose) // 2  # characters, not the few space-separated runs
    fields = dict(title_fields(story, lang))
    assert fields["Characters"] == f"{story.word_count:,}"
    assert "Words" not in fields


def test_latin_counted_in_words(stories):
    assert stories["en"].count_unit == "words"
    assert "Words" in dict(title_fields(stories["en"]))


def _epub_files(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist()
                if n.endswith((".xhtml", ".opf"))}


@pytest.mark.parametrize("lang", LANGS)
def test_epub_per_language(books, stories, lang):
    files = _epub_files(render_epub(books[lang]))
    opf = next(v for k, v in files.items() if k.endswith(".opf"))
    assert f"<dc:language>{lang}</dc:language>" in opf
    text = " ".join(html_text(v) for k, v in files.items() if k.endswith(".xhtml"))
    for title in EXPECTED[lang][2]:
        assert title in text
    assert EXPECTED[lang][3] in text
    assert EXPECTED[lang][1] in text
    assert all(f'lang="{lang}"' in v for k, v in files.items()
               if k.endswith(".xhtml") and "nav" not in k and "<body" in v)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_per_language(pdfs, lang):
    data, warnings = pdfs[lang]
    assert not [w for w in warnings if "notdef" in w]  # no tofu box
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())
    for title in EXPECTED[lang][2]:
        assert "".join(title.split()) in squeezed
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    uses_cjk_font = any("Bookmaker-CJK" in f for f in fonts)
    assert uses_cjk_font == (lang in CJK)  # embedded only when the book uses it


AOZORA = Path(__file__).parent / "fixtures" / "aozora" / "hoshi.txt"
"""An Aozora Bunko-shaped file written for these tests (Shift_JIS, CRLF, the symbol legend,
［＃…］ headings and notes, ruby with and without ｜, the 底本 colophon)."""
_MARKUP = ("［＃", "《", "》", "｜", "テキスト中に現れる記号")


def _all_text(story) -> str:
    parts = [story.title, *story.authors, *(p.title for p in story.parts)]
    for c in story.chapters:
        parts += [c.label, c.title or "", *c.paragraphs]
    for b in (*story.front_matter, *story.end_matter):
        parts += list(b.paragraphs)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def aozora():
    return load_story(AOZORA)


def test_aozora_structure(aozora):
    assert aozora.meta["encoding"] in ("cp932", "shift_jis", "shift_jis_2004")
    assert aozora.meta["reader"] == "text:aozora"
    assert (aozora.title, aozora.authors) == ("星の停車場", ("山田一郎",))
    assert [c.label for c in aozora.chapters] == ["一", "二", "三"]
    assert [(p.title, p.first_chapter) for p in aozora.parts] == [
        ("上 駅の話", 0), ("下 汽車の話", 2)]
    assert aozora.end_matter and aozora.end_matter[-1].paragraphs[0].startswith("底本：")
    assert not any(m in _all_text(aozora) for m in _MARKUP)


def test_aozora_ruby_is_kept_as_ruby(aozora):
    runs = [r for p in aozora.chapters[0].paragraphs for r in getattr(p, "runs", ())]
    readings = {(r.text, r.ruby) for r in runs if r.ruby}
    assert {("私", "わたし"), ("停車場", "ていしゃば"), ("小さな声", "ちいさなこえ")} <= readings
    first = aozora.chapters[0].paragraphs[0]
    assert "わたし" not in first  # the reading is not part of the text
    assert "<ruby>私<rp>(</rp><rt>わたし</rt><rp>)</rp></ruby>" in first.__html__()


def test_aozora_epub_and_pdf(aozora, tmp_path, epubcheck):
    book = single_book(aozora, BookOptions(trim="pocket", style="classic"))
    data = render_epub(book)
    (tmp_path / "aozora.epub").write_bytes(data)
    epubcheck.submit("languages", "aozora", tmp_path / "aozora.epub")
    xhtml = " ".join(_epub_files(data).values())
    assert "<rt>ていしゃば</rt>" in xhtml and not any(m in xhtml for m in _MARKUP)
    pdf = render_pdf(book)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "停車場" in text and "ていしゃば" in text  # the reading is printed (above its base)
    assert not any(m in text for m in _MARKUP)


def test_language_epubs_go_to_epubcheck(books, tmp_path, epubcheck):
    for lang, book in books.items():
        path = tmp_path / f"{lang}.epub"
        path.write_bytes(render_epub(book))
        epubcheck.submit("languages", lang, path)
    assert len(epubcheck.files["languages"]) >= len(LANGS)


@pytest.mark.epubcheck
def test_language_epubs_are_valid(epubcheck):
    reports = epubcheck.reports("languages")
    assert {name: problems(r) for name, r in reports.items() if problems(r)} == {}


def test_hard_wrapped_cjk_is_joined_without_spaces():
    body = "他走了很久，终于看见了那座城。城门已经关了，他只好在外面等。天黑了，星星出来了。" * 3
    wrapped = "\n".join(body[i:i + 30] for i in range(0, len(body), 30))
    text = "长安\n\n" + "".join(f"{h}\n\n{wrapped}\n\n{wrapped}\n\n" for h in ("第一章", "第二章"))
    story = parse(text, "x", lang="zh")
    assert [c.paragraphs for c in story.chapters] == [(body, body), (body, body)]


def test_a_cjk_paragraph_is_measured_in_words():
    """A CJK sentence has no spaces: it is not a few-word note or signature for that."""
    from bookmaker.parse.words import word_len

    assert word_len("他走了很久，终于看见了那座城。") == 7  # 13 characters
    assert word_len("The walk was long") == 4


def test_cjk_title_on_the_line_under_its_heading():
    body = "他走了很久，终于看见了那座城。城门已经关了，他只好在外面等。"
    text = (f"长安\n\n第一章\n\n雨夜\n\n{body}\n\n{body}\n\n第二章\n\n古画\n\n{body}\n\n"
            f"第三章\n\n{body}\n")
    story = parse(text, "x", lang="zh")
    assert [(c.label, c.title) for c in story.chapters] == [
        ("第一章 雨夜", "雨夜"), ("第二章 古画", "古画"), ("第三章", None)]
    assert story.chapters[2].paragraphs == (body,)  # a sentence is prose, not a title


def test_contents_label_in_the_story_language():
    body = "La mer était calme et le ciel était bleu, et personne ne savait rien."
    names = ("Le port", "La mer")
    text = ("Le Voyage\n\nTable des matières\n\n" + "\n".join(
        f"Chapitre {i} : {n}" for i, n in enumerate(names, 1)) + "\n\n" + "".join(
        f"Chapitre {i} : {n}\n\n{body}\n\n{body}\n\n" for i, n in enumerate(names, 1)))
    story = parse(text, "x", lang="fr")
    assert [c.title for c in story.chapters] == list(names)
    assert [b.kind for b in story.front_matter] == ["contents"]


@pytest.mark.parametrize("lang,source,expected", [
    ("de", "\"Er sagte 'hallo' zu mir\", sagte sie. Geht's?",
     "\u201eEr sagte \u201ahallo\u2018 zu mir\u201c, sagte sie. Geht\u2019s?"),
    ("fr", "\"Oui !\" dit-il : non; 12:30",
     "\u00ab\u202fOui\u202f!\u202f\u00bb dit-il\u202f: non\u202f; 12:30"),
    ("fr", "- Viens, dit-elle.", "\u2014 Viens, dit-elle."),
    ("es", "\"Dijo 'no'\"...", "\u00abDijo \u201cno\u201d\u00bb\u2026"),
    ("ru", "- Привет, \"друг\".", "\u2014 Привет, \u00abдруг\u00bb."),
    ("pl", "\"Tak\" - powiedział.", "\u201eTak\u201d \u2014 powiedział."),
    ("ja", "\"こんにちは'世界'\"...", "\u300cこんにちは\u300e世界\u300f\u300d\u2026\u2026"),
    ("zh-TW", "他說：\"你好\"。", "他說：\u300c你好\u300d。"),
    ("pt-BR", "\"Olá\", disse ela.", "\u201cOlá\u201d, disse ela."),
    ("en", "- Hi, \"you\".", "- Hi, \u201cyou\u201d."),
])
def test_typography_per_language(lang, source, expected):
    from bookmaker.typography import smarten

    assert smarten(source, lang=lang) == expected


def test_language_rules_switch_off_one_by_one():
    from bookmaker.typography import smarten

    source = "- \"Oui !\""
    assert smarten(source, frozenset({"language-quotes"}), "fr") == "\u2014 \u201cOui\u202f!\u201d"
    assert smarten(source, frozenset({"french-spacing"}), "fr") == "\u2014 \u00abOui !\u00bb"
    assert smarten(source, frozenset({"dialogue-dashes"}), "fr").startswith("- \u00ab")


@pytest.mark.parametrize("lang,first,second,end", [
    ("nl", "Hoofdstuk 1: De haven", "Hoofdstuk 2: De storm", "Einde"),
    ("tr", "Bölüm 1: Liman", "Bölüm 2: Fırtına", "Son"),
    ("pt", "CAPÍTULO I", "CAPÍTULO II", "FIM"),
    ("fr", "CHAPITRE PREMIER", "CHAPITRE II", "FIN"),
])
def test_more_heading_words(lang, first, second, end):
    body = {"nl": "De boot lag al dagen stil in de haven en niemand wist waarom.",
            "tr": "Gemi günlerdir limanda bekliyordu ve kimse nedenini bilmiyordu.",
            "pt": "O barco estava parado no porto havia dias e ninguém sabia por quê.",
            "fr": "Le bateau attendait au port depuis des jours et personne ne savait pourquoi."
            }[lang]
    text = f"Titel\n\n{first}\n\n{body}\n\n{body}\n\n{second}\n\n{body}\n\n{end}\n"
    story = parse(text, "x", lang=lang)
    assert [c.label for c in story.chapters] == [first, second]
    assert [c.number for c in story.chapters] == [1, 2]
    assert [b.kind for b in story.end_matter] == ["end-marker"]


def test_capital_title_wrapped_under_its_heading():
    """A Gutenberg edition centres a long capital title over two lines under CHAPITRE I."""
    body = ("La mer était calme et le ciel était bleu, et personne ne savait ce qui allait "
            "arriver ce jour-là, pas même le capitaine du navire qui attendait au port.")
    import textwrap

    wrapped = textwrap.fill(" ".join([body] * 4), 68)
    title = "OÙ LE LECTEUR FAIT CONNAISSANCE AVEC\nLE HÉROS DE CETTE HISTOIRE."
    text = "LE VOYAGE\n\npar Jules Verne\n\n\n" + "".join(
        f"CHAPITRE {n}.\n\n{t}\n\n{wrapped}\n\n{wrapped}\n\n\n"
        for n, t in (("PREMIER", title), ("II", "LA MER"), ("III", "LE RETOUR"))) + "FIN\n"
    story = parse(text, "x", lang="fr")
    assert [c.title for c in story.chapters] == [
        "OÙ LE LECTEUR FAIT CONNAISSANCE AVEC LE HÉROS DE CETTE HISTOIRE.", "LA MER",
        "LE RETOUR"]
    assert story.authors == ("Jules Verne",)

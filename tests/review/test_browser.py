"""The review page in a real headless browser (Debian's Chromium through Selenium), driven
with the keyboard alone: mark a line as a heading, see the chapter list change, build the
EPUB and find the new chapter in it. Screenshots go to $BOOKMAKER_ARTEFACTS (else the test's
temporary folder)."""

from __future__ import annotations

import os
import shutil
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest

from tests.review.conftest import INTERLUDE_LINE, Served

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver")

WAIT = 60
"""Seconds a page (or a build) may take."""
MAX_TABS = 300
"""Tab presses allowed to reach a control (the small story needs far fewer)."""


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,1000",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def artefacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BOOKMAKER_ARTEFACTS") or tmp_path / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _tab_to(driver, wanted: Callable[[object], bool]) -> object:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element is the wanted one (keyboard reachability)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(MAX_TABS):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        el = driver.switch_to.active_element
        if wanted(el):
            return el
    raise AssertionError("the control cannot be reached with the Tab key")


def _press_enter(driver) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.ENTER).perform()


def _chapters(driver) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text for a in driver.find_elements("css selector", ".chapters li > a")]


def _in_form(el, line: int) -> bool:  # type: ignore[no-untyped-def]
    form = el.find_element("xpath", "./ancestor::form")
    field = form.find_elements("css selector", "input[name=line]")
    return bool(field) and field[0].get_attribute("value") == str(line)


def test_keyboard_round_trip(browser, served: Served, artefacts: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(served.url + "s/0")
    assert _chapters(driver) == ["Chapter 1", "Chapter 2"]
    driver.save_screenshot(str(artefacts / "review-before.png"))

    _tab_to(driver, lambda el: el.tag_name == "summary"
            and el.text == f"Fix line {INTERLUDE_LINE}")
    _press_enter(driver)  # opens the line's corrections
    _tab_to(driver, lambda el: el.tag_name == "button" and el.text == "Make heading"
            and _in_form(el, INTERLUDE_LINE))
    _press_enter(driver)
    WebDriverWait(driver, WAIT).until(lambda d: "The Lamplighter" in _chapters(d))
    assert _chapters(driver) == ["Chapter 1", "The Lamplighter", "Chapter 2"]
    side = tomllib.loads((served.folder / "lanterns.toml").read_text(encoding="utf-8"))
    assert side["structure"]["headings"] == [INTERLUDE_LINE]
    assert "Saved to lanterns.toml" in driver.find_element("css selector", ".message").text

    _tab_to(driver, lambda el: el.tag_name == "button" and el.text == "Build EPUB")
    _press_enter(driver)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_elements("link text", "Download EPUB"))
    driver.save_screenshot(str(artefacts / "review-after.png"))
    link = driver.find_element("link text", "Download EPUB")
    href = link.get_attribute("href")
    assert href.startswith(served.url)
    data = served.get(href[len(served.url):]).body
    with zipfile.ZipFile(BytesIO(data)) as z:
        docs = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")]
    assert any("The Lamplighter" in d and "<h" in d for d in docs)


def test_rendered_chapter_is_shown(browser, served: Served, artefacts: Path) -> None:
    driver = browser
    driver.get(served.url + "s/0")
    frame = driver.find_element("css selector", ".rendered iframe")
    driver.switch_to.frame(frame)
    body = driver.find_element("tag name", "body").text
    assert "The first scene is here" in body
    driver.switch_to.default_content()
    driver.save_screenshot(str(artefacts / "review-rendered.png"))


def test_scene_break_by_keyboard(browser, served: Served) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(served.url + "s/0")
    _tab_to(driver, lambda el: el.tag_name == "summary" and el.text == "Fix line 19")
    _press_enter(driver)
    _tab_to(driver, lambda el: el.tag_name == "button" and el.text == "Scene break before"
            and _in_form(el, 19))
    _press_enter(driver)
    WebDriverWait(driver, WAIT).until(lambda d: d.find_elements("css selector", ".message"))
    side = tomllib.loads((served.folder / "lanterns.toml").read_text(encoding="utf-8"))
    assert side == {"structure": {"breaks": [19]}}
    line = driver.find_element("id", "line-19")
    assert "is-break" in line.get_attribute("class")
    assert "break.sidecar" in line.text

"""Slides of a chapter (``scripts/slides.py``, ``render chapterN --slides``): the HTML deck
driven in headless Chromium, the PowerPoint read back with python-pptx, the PDF's pages
counted, all against the beats the render wrote."""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from scripts.build import plan
from scripts.clips import write_clips
from scripts.slides import SlidesError, deck, write_slides
from tests.fixtures.browser import chromium, wait_for
from tests.fixtures.tiny_book import shared_tiny_book, tiny_chapter

HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg", "ffprobe"))
pytestmark = [pytest.mark.render,
              pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")]


@pytest.fixture(scope="module")
def chapter(tmp_path_factory) -> Path:
    """A copy of the shared tiny book with png stills beside its mp4 clips, and its slides."""
    root = tmp_path_factory.mktemp("slides-book")
    shutil.copytree(shared_tiny_book(tmp_path_factory), root, dirs_exist_ok=True)
    ch = tiny_chapter()
    write_clips(plan(ch, list(ch.lectures), "low", root, need_sections=True, voice="none"),
                "png")
    write_slides(root / "chapter0")
    return root / "chapter0"


def _beats(chapter: Path) -> list[tuple[str, list[dict]]]:
    """(lecture title, beats) in chapter order, read from what the render wrote: a beat per
    section of the video (a lecture written before the narrated engine has its title card as
    a section of its own), with its narration as ``caption``."""
    manifest = json.loads((chapter / "manifest.json").read_text())
    out = []
    for scene in manifest["scenes"]:
        doc = json.loads((chapter / scene["beats"]).read_text())
        by_name = {b["name"]: b for b in doc["beats"]}
        beats = [by_name.get(s["name"]) or {"name": "title", "caption": scene["title"]}
                 for s in doc["sections"]]
        out.append((scene["title"], beats))
    return out


def test_the_deck_has_a_slide_per_beat_in_order(chapter):
    d = deck(chapter)
    assert [lec["title"] for lec in d["lectures"]] == [t for t, _ in _beats(chapter)]
    for lec, (_, beats) in zip(d["lectures"], _beats(chapter)):
        assert len(lec["beats"]) == len(beats)
        for slide, beat in zip(lec["beats"], beats):
            assert (chapter / slide["clip"]).is_file() and (chapter / slide["still"]).is_file()
            assert slide["notes"] == beat["caption"]


def test_the_powerpoint_reads_back(chapter):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    prs = Presentation(str(chapter / "slides" / "chapter0.pptx"))
    slides = list(prs.slides)
    lectures = _beats(chapter)
    assert len(slides) == sum(1 + len(beats) for _, beats in lectures)
    i = 0
    for title, beats in lectures:
        section = slides[i]
        text = " ".join(s.text_frame.text for s in section.shapes if s.has_text_frame)
        assert title in text
        assert not [s for s in section.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
        for beat, slide in zip(beats, slides[i + 1:]):
            movies = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.MEDIA]
            assert len(movies) == 1
            assert slide.notes_slide.notes_text_frame.text == beat["caption"]
            # it starts by itself when the slide appears: a media call after the slide begins
            timing = slide._element.xpath("./p:timing")[0]
            calls = timing.xpath(".//p:cTn[@presetClass='mediacall']")
            assert len(calls) == 1 and calls[0].get("nodeType") == "afterEffect"
            assert timing.xpath(".//p:cond[@evt='onBegin']")
            targets = {int(t) for t in timing.xpath(".//p:spTgt/@spid")}
            assert targets == {movies[0].shape_id}
            # the movie is really in the file, with a poster picture
            parts = {rel.reltype.rsplit("/", 1)[-1] for rel in slide.part.rels.values()}
            assert {"video", "media", "image"} <= parts
        i += 1 + len(beats)


def test_the_pdf_has_a_page_per_beat(chapter):
    pdf = (chapter / "slides" / "chapter0.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
    assert pages == sum(len(beats) for _, beats in _beats(chapter))


def test_slides_of_an_unchanged_chapter_are_not_rebuilt(chapter):
    outs = sorted((chapter / "slides").iterdir())
    before = {p.name: p.stat().st_mtime_ns for p in outs}
    time.sleep(0.02)
    write_slides(chapter)
    assert {p.name: p.stat().st_mtime_ns for p in outs} == before


def test_render_slides_writes_them_and_the_book_links_them(tmp_path_factory, capfd):
    """``render <chapter> --slides`` on a rendered chapter: nothing renders again, the stills
    and the three outputs are written, the book links them; a second run rebuilds nothing."""
    from tests.fixtures.tiny_book import render_tiny_book
    root = tmp_path_factory.mktemp("slides-cli")
    shutil.copytree(shared_tiny_book(tmp_path_factory), root, dirs_exist_ok=True)
    render_tiny_book(root, slides=True)
    err = capfd.readouterr().err
    assert "rendering" not in err and "slides/: 5 slides" in err, err
    slides = root / "chapter0" / "slides"
    assert {p.name for p in slides.iterdir()} >= {"index.html", "chapter0.pptx", "chapter0.pdf"}
    book = (root / "index.html").read_text()
    for name in ("index.html", "chapter0.pptx", "chapter0.pdf"):
        assert f'href="chapter0/slides/{name}"' in book
    render_tiny_book(root, slides=True)
    assert "slides/: up to date" in capfd.readouterr().err


def test_slides_refuse_a_clip_format_they_cannot_embed():
    from click.testing import CliRunner
    from scripts import cli
    res = CliRunner().invoke(cli.cli, ["chapter1", "--slides", "--format", "gif"])
    assert res.exit_code == 2 and "--slides embeds mp4 clips" in res.output


def test_slides_without_clips_say_how_to_make_them(tmp_path):
    (tmp_path / "manifest.json").write_text('{"scenes": []}')
    with pytest.raises(SlidesError, match="--slides"):
        deck(tmp_path)


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def test_in_chromium_the_deck_plays_steps_and_keeps_its_place(chapter):
    slides = [b for lec in deck(chapter)["lectures"] for b in lec["beats"]]
    page = chapter / "slides" / "index.html"
    with chromium(network_log=True) as browser:
        browser.get(page.as_uri())
        playing = """const v = document.getElementById('video');
            return v.dataset.slide === '%d' && (v.currentTime > 0 || v.ended)
                   && decodeURIComponent(v.currentSrc).endsWith('%s')"""
        # the first clip plays (silently: no ?audio=1)
        assert wait_for(browser, playing % (1, slides[0]["clip"]))
        assert browser.execute_script("return document.getElementById('video').muted")
        # -> the next slide and its video
        body = browser.find_element("tag name", "body")
        body.send_keys("\ue014")                       # ArrowRight
        assert wait_for(browser, playing % (2, slides[1]["clip"]))
        assert browser.execute_script("return location.hash") == "#2"
        # PageDown (a presentation clicker) goes on too
        body.send_keys("\ue00f")                       # PageDown
        assert wait_for(browser, playing % (3, slides[2]["clip"]))
        # <- back: the previous slide's final picture, paused, no replay
        browser.execute_script("""window.plays = 0; document.getElementById('video')
            .addEventListener('playing', () => { window.plays += 1; });""")
        body.send_keys("\ue012")                       # ArrowLeft
        stop = slides[1]["stop"]
        assert 0 < stop <= slides[1]["duration"]
        at_end = wait_for(browser, """const v = document.getElementById('video');
            return v.dataset.slide === '2' && v.readyState >= 1 && v.paused
                   && Math.abs(v.currentTime - %f) < 0.05 ? v.currentTime : null""" % stop)
        assert at_end, "back did not show the previous slide's final picture"
        time.sleep(0.3)
        assert browser.execute_script("return window.plays") == 0, "back replayed the clip"
        assert browser.execute_script("return location.hash") == "#2"
        # the presenter view: notes of this slide, the next slide's still, a timer
        body.send_keys("s")
        notes = browser.execute_script("return document.getElementById('notes').textContent")
        assert notes == slides[1]["notes"]
        assert browser.execute_script(
            "return getComputedStyle(document.getElementById('presenter')).display") != "none"
        nxt = browser.execute_script("return document.getElementById('next-still').src")
        assert nxt.endswith(slides[2]["still"].split("/", 1)[1])
        # a reload keeps the place
        browser.get(page.as_uri() + "#4")
        browser.refresh()
        assert wait_for(browser, playing % (4, slides[3]["clip"]))
        severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
        requests = _requests(browser)
        # the deck's own files, and nothing from a network (chrome: is the browser's own tab)
        assert any(u.startswith("file:") and u.endswith(".mp4") for u in requests)
        network = [u for u in requests if not u.startswith(("file:", "data:", "chrome:"))]
        assert network == []


def test_in_chromium_audio_1_plays_with_the_narration(chapter):
    page = chapter / "slides" / "index.html"
    with chromium() as browser:
        browser.get(page.as_uri() + "?audio=1")
        assert wait_for(browser, "const v = document.getElementById('video');"
                                 "return v.currentTime > 0 || v.ended")
        assert browser.execute_script("return document.getElementById('video').muted") is False

"""The HTML book: self-contained (relative links that exist, nothing from the internet), only
what is on disk, a captions and a chapters track per lecture, the transcript beat by beat
(each beat a link that seeks), served by ``render serve`` with Range support, and in a real
headless Chromium: metadata loads, captions track present, a beat seeks, the playlist plays
on."""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts.book import make_server, write_book
from tests.fixtures.browser import chromium, wait_for
from tests.fixtures.tiny_book import shared_tiny_book

ROOT = Path(__file__).resolve().parents[1]
HAVE_TOOLS = all(shutil.which(t) for t in ("latex", "dvisvgm", "ffmpeg", "ffprobe"))


def needs_render(test):
    skip = pytest.mark.skipif(not HAVE_TOOLS, reason="needs latex, dvisvgm, ffmpeg")
    return pytest.mark.render(skip(test))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A copy of the shared tiny book (the tests here change it)."""
    root = tmp_path_factory.mktemp("book")
    shutil.copytree(shared_tiny_book(tmp_path_factory), root, dirs_exist_ok=True)
    write_book(root)
    return root


@pytest.fixture(scope="module")
def server(book):
    """``render serve`` on a free port, serving the book; yields its base URL."""
    env = {**os.environ, "MLV_RENDERS": str(book)}
    proc = subprocess.Popen([sys.executable, "-m", "scripts.cli", "serve", "--port", "0"],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
                            stdout=subprocess.DEVNULL)
    try:
        line = proc.stderr.readline()
        m = re.search(r"(http://127\.0\.0\.1:\d+)/index\.html", line)
        assert m, f"render serve said: {line!r}"
        yield m.group(1)
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_empty_book_says_how_to_render(tmp_path):
    page = write_book(tmp_path).read_text()
    assert "No lectures rendered yet" in page and "render chapter1" in page


def test_range_requests_are_answered_with_the_bytes_asked_for(tmp_path):
    (tmp_path / "a.bin").write_bytes(bytes(range(256)) * 4)
    srv = make_server(tmp_path)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/a.bin"
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Range": "bytes=10-19"})) as r:
            assert r.status == 206 and r.read() == bytes(range(10, 20))
            assert r.headers["Content-Range"] == "bytes 10-19/1024"
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Range": "bytes=-4"})) as r:
            assert r.read() == bytes(range(252, 256))
        with urllib.request.urlopen(url) as r:
            assert r.status == 200 and len(r.read()) == 1024
            assert r.headers["Accept-Ranges"] == "bytes"
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(urllib.request.Request(url, headers={"Range": "bytes=2000-"}))
        assert err.value.code == 416
    finally:
        srv.shutdown()
        srv.server_close()


@needs_render
def test_the_page_is_self_contained(book):
    page = (book / "index.html").read_text()
    assert not re.search(r"(src|href)=\"(https?:)?//", page)        # nothing from the web
    assert not re.search(r"@import|url\(", page)
    refs = [r for r in re.findall(r"(?:src|href|poster)=\"([^\"#]+)\"", page)
            if r != "data:,"]                                         # the empty favicon
    assert refs, "the page links nothing"
    for ref in refs:
        assert not ref.startswith("/") and (book / ref).is_file(), ref
    for kind in (".mp4", ".vtt", ".chapters.vtt", ".description.txt", ".poster.png", ".srt",
                 "clips/"):
        assert any(kind in r for r in refs), kind
    assert page.count("<video") == 2 and page.count('kind="captions"') == 2
    assert page.count('kind="chapters"') == 2
    # the title and 3 beats, and 1 beat: in the list of beats and in the transcript
    assert page.count('data-t="') == 2 * (4 + 1)


@needs_render
def test_the_transcript_is_the_script_beat_by_beat_each_beat_seeking(book):
    from html import unescape
    page = (book / "index.html").read_text()
    for stem in ("01_titled", "02_short"):
        doc = json.loads((book / "chapter0" / f"{stem}.beats.json").read_text())
        m = re.search(r'<details class="transcript" data-video="v-chapter0-' + stem +
                      r'">(.*?)</details>', page, re.S)
        assert m, stem
        part = m.group(1)
        links = re.findall(r'<a class="seek" href="#v-chapter0-[\w]+" data-t="([\d.]+)">'
                           r"([^<]*)</a>", part)
        beats = doc["beats"]
        titles = [unescape(t) for _, t in links]
        assert titles[-len(beats):] == [b["title"] for b in beats]
        starts = [float(t) for t, _ in links]
        assert starts == sorted(starts) and starts[0] == 0.0
        text = unescape(re.sub(r"<[^>]+>", " ", part))
        for b in beats:
            for sentence in b["sentences"]:
                assert sentence["text"] in " ".join(text.split())
    # the chapters track is the beats, by their titles
    chapters = (book / "chapter0" / "01_titled.chapters.vtt").read_text()
    assert "Grow" in chapters and "Talk" in chapters
    desc = (book / "chapter0" / "01_titled.description.txt").read_text()
    assert desc.startswith("A titled lecture (Fixtures)")


@needs_render
def test_only_lectures_on_disk_appear(book, tmp_path):
    copy = tmp_path / "b"
    shutil.copytree(book, copy)
    (copy / "chapter0" / "02_short.mp4").unlink()
    page = write_book(copy).read_text()
    assert "A titled lecture" in page and "A short lecture" not in page
    assert page.count("<video") == 1
    shutil.rmtree(copy / "chapter0")
    assert "No lectures rendered yet" in write_book(copy).read_text()


@needs_render
def test_render_serve_serves_the_book(book, server):
    with urllib.request.urlopen(f"{server}/index.html", timeout=10) as r:
        assert r.status == 200 and b"A titled lecture" in r.read()
    with urllib.request.urlopen(f"{server}/chapter0/01_titled.vtt", timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/vtt")
        assert r.read().startswith(b"WEBVTT")
    with urllib.request.urlopen(urllib.request.Request(
            f"{server}/chapter0/01_titled.mp4", headers={"Range": "bytes=0-99"}), timeout=10) as r:
        assert r.status == 206 and len(r.read()) == 100   # seekable video
    # a port that is taken: a clear message, no traceback
    port = int(server.rsplit(":", 1)[1])
    env = {**os.environ, "MLV_RENDERS": str(book)}
    res = subprocess.run([sys.executable, "-m", "scripts.cli", "serve", "--port", str(port)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert res.returncode == 1 and "cannot listen" in res.stderr
    assert "Traceback" not in res.stderr


# -- in a real browser --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


@needs_render
def test_in_chromium_videos_load_captions_are_there_and_beats_seek(book, server, browser,
                                                                      tmp_path):
    browser.get(f"{server}/index.html")
    assert browser.title == "ML Visualized"
    durations = wait_for(browser, """
        const v = Array.from(document.querySelectorAll('video'));
        return v.length && v.every(x => x.readyState >= 1 && x.duration > 0)
               ? v.map(x => x.duration) : null;""")
    assert durations and len(durations) == 2 and all(d > 0.5 for d in durations)
    cues = wait_for(browser, """
        const v = Array.from(document.querySelectorAll('video'));
        const n = v.map(x => x.textTracks.length === 2 && x.textTracks[0].kind === 'captions'
                             && x.textTracks[1].kind === 'chapters'
                             && x.textTracks[0].cues ? x.textTracks[0].cues.length : 0);
        return n.every(k => k > 0) ? n : null;""")
    assert cues == [4, 1]   # title + 3 beats; 1 beat
    # clicking a beat seeks its player to that beat
    buttons = browser.find_elements("css selector", "ol.beats button")
    target = buttons[2]                       # "talk", the second beat of the first lecture
    want = float(target.get_attribute("data-t"))
    assert want > 0.5
    target.click()
    got = wait_for(browser, """
        const v = document.querySelector('video');
        return v.currentTime > 0 ? [v.currentTime, v.paused] : null;""")
    assert got and want - 0.05 <= got[0] <= want + 1.5, (got, want)
    assert "current" in target.find_element("xpath", "..").get_attribute("class")
    # the playlist plays on: at the end of the first lecture the second one starts
    browser.execute_script("""
        const v = document.querySelector('video'); v.currentTime = v.duration - 0.2; v.play();""")
    assert wait_for(browser, """
        const v = document.querySelectorAll('video')[1];
        return !v.paused && v.currentTime > 0;""", timeout=15)
    browser.execute_script("document.querySelectorAll('video').forEach(v => v.pause());")
    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "book.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    keep = os.environ.get("MLV_SCREENSHOT")   # keep it to look at
    if keep:
        shutil.copyfile(shot, keep)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


@needs_render
def test_in_chromium_the_page_works_opened_from_disk(book, browser):
    browser.get((book / "index.html").as_uri())
    durations = wait_for(browser, """
        const v = Array.from(document.querySelectorAll('video'));
        return v.length && v.every(x => x.duration > 0) ? v.map(x => x.duration) : null;""")
    assert durations and len(durations) == 2
    manifest = json.loads((book / "chapter0" / "manifest.json").read_text())
    assert [round(d, 1) for d in durations] == [round(s["duration"], 1)
                                                for s in manifest["scenes"]]
    # file: URLs may not load the .vtt files; the page hands the tracks its embedded copy
    cues = wait_for(browser, """
        const n = Array.from(document.querySelectorAll('video')).map(
            x => x.textTracks[0].cues ? x.textTracks[0].cues.length : 0);
        return n.every(k => k > 0) ? n : null;""")
    assert cues == [4, 1]
    browser.find_elements("css selector", "ol.beats button")[3].click()
    assert wait_for(browser, "return document.querySelector('video').currentTime > 1.5")
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []

"""The HTML book: ``renders/index.html`` plays every rendered lecture in chapter order.

Each lecture gets a ``<video>`` player with a poster still (its title card), its captions
(``<track kind="captions">`` from the ``.vtt``) and chapters (``<track kind="chapters">``, one
per beat), the beats as a list that seeks the player to each one, the transcript (the whole
script, beat by beat: each beat's title a link that seeks the video, its sentences as text),
and links to its clips, captions, description block and the chapter video. When a lecture
ends the next one plays.
The page is one file with its CSS and script inline and relative links only, so it works
opened from disk and served by ``render serve``; nothing is fetched from the internet.

Only lectures whose video exists appear; the page is rewritten after every chapter render.
"""
from __future__ import annotations

import functools
import html
import json
import os
import re
import subprocess
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["write_book", "poster", "serve", "make_server", "RangeRequestHandler"]


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _clock(t) -> str:
    m, s = divmod(int(round(_num(t))), 60)
    return f"{m}:{s:02d}"


def poster(video: Path, at: float) -> Path:
    """``<stem>.poster.png`` beside the video: the frame at ``at`` seconds (redone when the
    video is newer)."""
    out = video.with_name(f"{video.stem}.poster.png")
    if out.exists() and out.stat().st_mtime >= video.stat().st_mtime:
        return out
    tmp = out.with_name(f".{out.stem}.tmp{os.getpid()}.png")
    proc = subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-ss", f"{at:.3f}",
                           "-i", str(video), "-frames:v", "1", "-f", "image2", "-c:v", "png",
                           str(tmp)], capture_output=True, text=True)
    if proc.returncode != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"ffmpeg could not take a poster from {video}: {proc.stderr[-300:]}")
    os.replace(tmp, out)
    return out


def _beat_text(beat: dict) -> list[str]:
    """A beat's narration, sentence by sentence (a legacy beat: its caption)."""
    sentences = beat.get("sentences")
    if sentences is None:
        return [beat["caption"]] if beat.get("caption") else []
    return [s["text"] for s in sentences if s.get("text")]


def _num(value, default: float = 0.0) -> float:
    """A number from a manifest or beats file (anything else: ``default``)."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        return default
    return out if out == out and abs(out) != float("inf") else default


def _damage(ch_dir: Path, stem: str, files: list[Path]) -> str:
    """Why ``files`` are not what the lecture's record (``.render-cache/<stem>.key``) says
    (size, SHA-256), or "" (also when there is no record to compare with)."""
    from scripts.build import file_digest
    try:
        rec = json.loads((ch_dir / ".render-cache" / f"{stem}.key").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return ""
    outputs = rec.get("outputs") if isinstance(rec, dict) else None
    if not isinstance(outputs, dict):
        return ""
    for f in files:
        want = outputs.get(f.name)
        if not isinstance(want, dict):
            continue
        if f.stat().st_size != want.get("size"):
            return f"{f.name} is cut short or damaged"
        if file_digest(f) != want.get("sha256"):
            return f"{f.name} is not what was rendered"
    return ""


def _lecture(ch_dir: Path, entry: dict, clips: list[dict], title: str) -> dict | None:
    """What the page shows of one lecture, or None when its video is missing. Raises
    (OSError, ValueError, KeyError, TypeError, RuntimeError) when its files are damaged."""
    name = entry["file"]
    if not isinstance(name, str) or "/" in name or name.startswith("."):
        raise ValueError(f"the manifest names no video file ({name!r})")
    video = ch_dir / name
    stem = video.stem
    beats_file = ch_dir / f"{stem}.beats.json"
    if not video.exists() or not beats_file.exists():
        return None
    why = _damage(ch_dir, stem, [video, beats_file])
    if why:
        raise ValueError(why)
    doc = json.loads(beats_file.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{beats_file.name} is not a beats document")
    sections = doc.get("sections") or []
    # the poster: the title card fully shown (LectureScene.open_title records when), else the
    # middle of the lecture
    at = doc.get("poster_time")
    if at is None:
        at = _num(entry.get("duration") or doc.get("duration"), 2.0) / 2
    still = poster(video, _num(at))
    vtt = ch_dir / f"{stem}.vtt"
    chapters = ch_dir / f"{stem}.chapters.vtt"
    description = ch_dir / f"{stem}.description.txt"
    # beats seek to their section's start (the sum of the sections before it)
    starts, t = {}, 0.0
    for s in sections:
        starts.setdefault(s["name"], t)
        t += _num(s["duration"])
    beats = [{"name": b["name"], "title": b.get("title") or str(b["name"]).replace("_", " ")
              .capitalize(), "caption": b.get("caption", ""), "text": _beat_text(b),
              "start": round(_num(starts.get(b["name"], b.get("start"))), 3)}
             for b in doc.get("beats", [])]
    if sections and sections[0]["name"] == "autocreated" and (
            not beats or beats[0]["start"] > 0.05):
        beats.insert(0, {"name": "title", "title": title, "caption": title, "text": [title],
                         "start": 0.0})
    return {"stem": stem, "title": title, "video": video.name, "poster": still.name,
            "vtt": vtt.name if vtt.exists() else None,
            "vtt_text": vtt.read_text(encoding="utf-8") if vtt.exists() else "",
            "chapters": chapters.name if chapters.exists() else None,
            "chapters_text": chapters.read_text(encoding="utf-8") if chapters.exists() else "",
            "description": description.name if description.exists() else None,
            "srt": f"{stem}.srt", "duration": _num(entry.get("duration")),
            "beats": beats, "clips": [c for c in clips if str(c["scene"]).split("@")[0] == stem]}


def _broken(entry, why: str, slug: str) -> dict:
    entry = entry if isinstance(entry, dict) else {}
    lid = str(entry.get("id") or "")
    return {"broken": True, "stem": Path(str(entry.get("file") or "lecture")).stem,
            "title": str(entry.get("title") or lid or "a lecture"), "why": why,
            "fix": f"render {slug} --scene {lid.rpartition('/')[2]}" if lid else
            f"render {slug}"}


def _clips(ch_dir: Path) -> list[dict]:
    try:
        doc = json.loads((ch_dir / "clips" / "manifest.json").read_text(encoding="utf-8"))
        clips = doc.get("clips", [])
        return [c for c in clips if isinstance(c, dict) and isinstance(c.get("file"), str)
                and "scene" in c and "index" in c and (ch_dir / "clips" / c["file"]).is_file()]
    except (OSError, ValueError, AttributeError, TypeError, UnicodeDecodeError):
        return []


def _chapters(root: Path) -> list[dict]:
    """Every chapter rendered under ``root`` (a folder with a ``manifest.json``), in order. A
    lecture (or a chapter manifest) that cannot be read is listed as broken, with why and the
    command that makes it again; the others are shown as usual."""
    found = []
    for mfile in root.glob("*/manifest.json"):
        slug = mfile.parent.name
        try:
            manifest = json.loads(mfile.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("not a chapter manifest")
        except (OSError, ValueError, UnicodeDecodeError) as err:
            found.append((float("inf"), slug, {"title": slug, "scenes": [],
                                               "broken": f"manifest.json: {err}"}))
            continue
        number = manifest.get("number", 0)
        found.append((number if isinstance(number, (int, float)) else float("inf"), slug,
                      manifest))
    out = []
    for number, slug, manifest in sorted(found, key=lambda f: (f[0], f[1])):
        ch_dir = root / slug
        clips = _clips(ch_dir)
        lectures = []
        scenes = manifest.get("scenes")
        for e in scenes if isinstance(scenes, list) else []:
            try:
                lec = _lecture(ch_dir, e, clips, str(e.get("title") or e["id"]))
            except Exception as err:  # a damaged lecture: listed, never fatal
                lec = _broken(e, f"{type(err).__name__}: {err}" if not isinstance(
                    err, (ValueError, OSError)) else str(err), slug)
            if lec:
                lectures.append(lec)
        for b in manifest.get("broken") or [] if isinstance(manifest.get("broken"), list) \
                else []:
            if isinstance(b, dict) and not any(lec["stem"] == b.get("stem") for lec in lectures):
                lectures.append(_broken({"id": b.get("id"), "file": f"{b.get('stem')}.mp4"},
                                        str(b.get("why", "")), slug))
        problem = manifest.get("broken") if isinstance(manifest.get("broken"), str) else ""
        if not scenes and not isinstance(scenes, list) and not problem:
            problem = "manifest.json lists no lectures"
        if not lectures and not problem:
            continue
        extras = []
        for n, label in ((manifest.get("video"), "chapter video"), ("playlist.m3u", "playlist"),
                         ((manifest.get("captions") or {}).get("srt") if isinstance(
                             manifest.get("captions"), dict) else None,
                          "chapter captions (.srt)"),
                         (manifest.get("description"), "chapter description"),
                         ("slides/index.html", "slides"),
                         (f"slides/{slug}.pptx", "PowerPoint"),
                         (f"slides/{slug}.pdf", "handout (PDF)")):
            if isinstance(n, str) and n and not n.startswith(".") and (ch_dir / n).is_file():
                extras.append((n, label))
        out.append({"slug": slug, "number": manifest.get("number", "?"),
                    "title": manifest.get("title", slug), "quality": manifest.get("quality", ""),
                    "lectures": lectures, "extras": extras, "problem": problem})
    return out


CSS = """
:root { color-scheme: dark; --bg:#111318; --panel:#1b1e26; --text:#e8e6e3; --dim:#9aa0ab;
        --accent:#58c4dd; --line:#2c313c; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--text);
       font: 16px/1.5 "DejaVu Sans", system-ui, sans-serif; }
header { padding: 24px 32px 8px; }
header h1 { margin:0; font-size: 28px; }
header p { margin: 4px 0 0; color: var(--dim); }
nav.toc { padding: 0 32px 8px; color: var(--dim); }
nav.toc a { color: var(--accent); margin-right: 16px; text-decoration: none; }
main { padding: 0 32px 48px; max-width: 1400px; }
section.chapter h2 { border-bottom: 1px solid var(--line); padding-bottom: 6px; margin-top: 32px; }
.extras a, .links a { color: var(--accent); margin-right: 14px; font-size: 14px; }
article.lecture { display:grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr);
                  gap: 20px; background: var(--panel); border-radius: 8px; padding: 16px;
                  margin: 16px 0; }
article.lecture h3 { margin: 0 0 8px; grid-column: 1 / -1; font-size: 20px; }
video { width: 100%; background: #000; border-radius: 4px; display:block; }
ol.beats { list-style: none; margin: 0; padding: 0; max-height: 420px; overflow-y: auto;
           overflow-x: hidden; }
ol.beats li { margin: 0 0 4px; }
ol.beats button { all: unset; box-sizing: border-box; cursor: pointer; display: grid; width: 100%;
                  grid-template-columns: 3.2em 1fr; gap: 8px; padding: 4px 8px;
                  border-radius: 4px; color: var(--text); font-size: 14px; }
ol.beats button:hover, ol.beats button:focus-visible { background: var(--line); }
ol.beats li.current button { background: #24404a; }
ol.beats .t { color: var(--dim); font-variant-numeric: tabular-nums; }
details.clips { margin-top: 10px; font-size: 14px; color: var(--dim); }
details.clips ul { margin: 6px 0 0; padding-left: 18px; max-height: 200px; overflow-y: auto; }
details.clips a { color: var(--accent); }
details.transcript { grid-column: 1 / -1; font-size: 15px; }
details.transcript summary { cursor: pointer; color: var(--dim); }
details.transcript h4 { margin: 14px 0 4px; font-size: 15px; }
details.transcript h4 a { color: var(--accent); text-decoration: none; }
details.transcript h4 a:hover { text-decoration: underline; }
details.transcript p { margin: 0 0 6px; max-width: 80ch; }
.empty { color: var(--dim); }
.broken { color: #f0a35e; }
article.lecture.broken { display: block; }
@media (max-width: 900px) { article.lecture { grid-template-columns: 1fr; } }
"""

SCRIPT = """
(function () {
  // Opened from disk, a browser will not load the .vtt files (each file: URL is its own
  // origin): give the tracks the same captions, embedded in the page, as data: URLs.
  if (location.protocol === 'file:') {
    document.querySelectorAll('track[data-vtt]').forEach(function (t) {
      t.src = 'data:text/vtt;charset=utf-8,' + encodeURIComponent(t.dataset.vtt);
    });
  }
  var videos = Array.prototype.slice.call(document.querySelectorAll('video.lecture-video'));
  function seek(video, t) {
    var go = function () { video.currentTime = t; video.play().catch(function () {}); };
    if (video.readyState >= 1) go(); else video.addEventListener('loadedmetadata', go, {once: true});
  }
  document.querySelectorAll('ol.beats button').forEach(function (b) {
    b.addEventListener('click', function () {
      var v = document.getElementById(b.closest('ol').dataset.video);
      seek(v, parseFloat(b.dataset.t));
    });
  });
  // the transcript: each beat's title seeks its video there
  document.querySelectorAll('details.transcript a.seek').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var v = document.getElementById(a.closest('details').dataset.video);
      v.scrollIntoView({behavior: 'smooth', block: 'center'});
      seek(v, parseFloat(a.dataset.t));
    });
  });
  videos.forEach(function (v, i) {
    // the captions (the player's CC button) and the chapters load with the video
    Array.prototype.forEach.call(v.textTracks || [], function (tr) {
      if (tr.mode === 'disabled') tr.mode = 'hidden';
    });
    var items = Array.prototype.slice.call(
      document.querySelectorAll('ol.beats[data-video="' + v.id + '"] li'));
    v.addEventListener('timeupdate', function () {
      var cur = -1;
      items.forEach(function (li, k) {
        if (parseFloat(li.firstElementChild.dataset.t) <= v.currentTime + 0.05) cur = k;
      });
      items.forEach(function (li, k) { li.classList.toggle('current', k === cur); });
    });
    v.addEventListener('play', function () {
      videos.forEach(function (o) { if (o !== v) o.pause(); });
    });
    v.addEventListener('ended', function () {   // the playlist: on to the next lecture
      var next = videos[i + 1];
      if (next) { next.scrollIntoView({behavior: 'smooth', block: 'center'});
                  next.currentTime = 0; next.play().catch(function () {}); }
    });
  });
})();
"""


def _lecture_html(ch: dict, lec: dict) -> str:
    vid = f"v-{ch['slug']}-{lec['stem']}"
    base = f"{ch['slug']}/"
    beats = "\n".join(
        f'<li><button type="button" data-t="{_esc(b["start"])}" data-beat="{_esc(b["name"])}">'
        f'<span class="t">{_clock(b["start"])}</span><span>{_esc(b["title"])}</span>'
        f"</button></li>" for b in lec["beats"])
    links = [f'<a href="{_esc(base + lec["video"])}" download>video</a>',
             f'<a href="{_esc(base + lec["srt"])}">captions (.srt)</a>']
    if lec["description"]:
        links.append(f'<a href="{_esc(base + lec["description"])}">description '
                     f'(chapters for YouTube)</a>')
    tracks = []
    if lec["vtt"]:
        tracks.append(f'<track kind="captions" label="English" srclang="en" '
                      f'src="{_esc(base + lec["vtt"])}" data-vtt="{_esc(lec["vtt_text"])}">')
    if lec["chapters"]:
        tracks.append(f'<track kind="chapters" label="Chapters" srclang="en" '
                      f'src="{_esc(base + lec["chapters"])}" '
                      f'data-vtt="{_esc(lec["chapters_text"])}">')
    transcript = "\n".join(
        f'<h4><a class="seek" href="#{_esc(vid)}" data-t="{_esc(b["start"])}">'
        f'{_esc(b["title"])}</a>'
        f' <span class="t">{_clock(b["start"])}</span></h4>'
        + (f'<p>{_esc(" ".join(b["text"]))}</p>' if b["text"] else "")
        for b in lec["beats"])
    clips = ""
    if lec["clips"]:  # one row per beat, a link per format and variant
        by_beat: dict[int, list[dict]] = {}
        for c in lec["clips"]:
            by_beat.setdefault(c["index"], []).append(c)
        rows = []
        for index in sorted(by_beat):
            group = sorted(by_beat[index], key=lambda c: (c["scene"], c["format"]))
            first = group[0]
            files = " ".join(
                f'<a href="{_esc(base + "clips/" + c["file"])}">{_esc(c["format"])}'
                f'{" alpha" if c.get("transparent") else ""}'
                f'{" (sound)" if c.get("audio") else ""}</a>' for c in group)
            rows.append(f'<li><code>{_esc(Path(first["file"]).stem)}</code> '
                        f'{_num(first.get("duration")):.1f}s: {files}</li>')
        clips = (f'<details class="clips"><summary>clips for slides: {len(by_beat)} beats, '
                 f'{len(lec["clips"])} files</summary><ul>{"".join(rows)}</ul></details>')
    return f"""
<article class="lecture" id="{_esc(ch['slug'])}-{_esc(lec['stem'])}">
  <h3>{_esc(lec['title'])} <small class="t">{_clock(lec['duration'])}</small></h3>
  <div>
    <video id="{_esc(vid)}" class="lecture-video" controls preload="metadata"
           poster="{_esc(base + lec['poster'])}" src="{_esc(base + lec['video'])}">
      {"".join(tracks)}
    </video>
    <p class="links">{' '.join(links)}</p>
  </div>
  <div>
    <ol class="beats" data-video="{_esc(vid)}">
{beats}
    </ol>
    {clips}
  </div>
  <details class="transcript" data-video="{_esc(vid)}"><summary>Transcript</summary>
{transcript}
  </details>
</article>"""


def _broken_html(ch: dict, lec: dict) -> str:
    return f"""
<article class="lecture broken" id="{_esc(ch['slug'])}-{_esc(lec['stem'])}">
  <h3>{_esc(lec['title'])}</h3>
  <p>This lecture's files are damaged ({_esc(lec['why'])}); <code>{_esc(lec['fix'])}</code>
  makes it again.</p>
</article>"""


def _any_lecture_html(ch: dict, lec: dict) -> str:
    if lec.get("broken"):
        return _broken_html(ch, lec)
    try:
        return _lecture_html(ch, lec)
    except Exception as err:  # a value of a damaged file that the page cannot show
        return _broken_html(ch, {**lec, "why": f"{type(err).__name__}: {err}",
                                 "fix": f"render {ch['slug']}"})


def render_html(chapters: list[dict]) -> str:
    toc = " ".join(f'<a href="#{_esc(c["slug"])}">{_esc(c["number"])}. {_esc(c["title"])}</a>'
                   for c in chapters)
    body = []
    for ch in chapters:
        extras = " ".join(f'<a href="{_esc(ch["slug"] + "/" + n)}">{_esc(label)}</a>'
                          for n, label in ch["extras"])
        body.append(f"""
<section class="chapter" id="{_esc(ch['slug'])}">
  <h2>Chapter {_esc(ch['number'])}: {_esc(ch['title'])}</h2>
  <p class="extras">{extras} <span class="t">({_esc(ch['quality'])})</span></p>
  {f'<p class="broken">{_esc(ch["problem"])}: <code>render {_esc(ch["slug"])}</code> writes it '
   f'again.</p>' if ch.get("problem") else ""}
  {''.join(_any_lecture_html(ch, lec) for lec in ch['lectures'])}
</section>""")
    if not chapters:
        body.append('<p class="empty">No lectures rendered yet: run <code>render chapter1</code>.'
                    "</p>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ML Visualized</title>
<link rel="icon" href="data:,">
<style>{CSS}</style>
</head>
<body>
<header><h1>ML Visualized</h1>
<p>Machine learning derived from first principles, one animated lecture at a time.</p></header>
<nav class="toc">{toc}</nav>
<main>{''.join(body)}
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


def write_book(root: Path) -> Path:
    """Write ``<root>/index.html`` from the chapters rendered under ``root``."""
    from scripts.build import atomic_write_text
    root.mkdir(parents=True, exist_ok=True)
    chapters = _chapters(root)
    out = root / "index.html"
    atomic_write_text(out, render_html(chapters))
    return out


# -- render serve ---------------------------------------------------------------------------
#: a Range header this server answers: one range, at most 18 digits a side
_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """Static files with HTTP Range requests (browsers need them to seek in a video); quiet
    unless something fails. It serves regular files under its folder only: no folder
    listings, no dotfiles or dot-folders (``.render-cache`` holds logs), no symbolic link
    that leads out of the folder; anything else is 404. ``/`` is ``index.html``. A Range
    header it cannot satisfy or parse (several ranges, a number of more than 18 digits,
    ``bytes=-``) is answered 416."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt",
                      ".webm": "video/webm", ".mp4": "video/mp4", ".m3u": "audio/x-mpegurl",
                      ".srt": "text/plain; charset=utf-8"}
    _range: tuple[int, int] | None = None

    def log_message(self, fmt, *args):
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            super().log_message(fmt, *args)

    def list_directory(self, path):  # never: folders are not listed
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def safe_path(self) -> str | None:
        """The real path of the regular file the request names under the served folder, or
        None."""
        from urllib.parse import unquote, urlsplit
        try:
            raw = unquote(urlsplit(self.path).path, errors="strict")
        except (UnicodeDecodeError, ValueError):
            return None
        parts = [p for p in raw.split("/") if p]
        if not parts:
            parts = ["index.html"]
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        root = os.path.realpath(self.directory)
        real = os.path.realpath(os.path.join(root, *parts))
        if os.path.commonpath([root, real]) != root or real == root:
            return None
        rel = os.path.relpath(real, root)
        if any(p.startswith(".") for p in rel.split(os.sep)):  # a link into a dot-folder
            return None
        return real if os.path.isfile(real) else None

    def send_head(self):
        self._range = None
        path = self.safe_path()
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            f = open(path, "rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            size = os.fstat(f.fileno()).st_size
            header = self.headers.get("Range")
            if header is None:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", self.guess_type(path))
                self.send_header("Content-Length", str(size))
                self.send_header("Last-Modified",
                                 self.date_time_string(int(os.fstat(f.fileno()).st_mtime)))
                self.end_headers()
                return f
            m = _RANGE.fullmatch(header.strip())
            start = end = -1
            if m and m.group(1) + m.group(2):
                a, b = m.groups()
                if a == "":
                    start, end = max(size - int(b), 0), size - 1
                    if int(b) == 0:
                        start = size
                else:
                    start, end = int(a), min(int(b) if b else size - 1, size - 1)
            if start < 0 or start >= size or start > end:
                f.close()
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            f.seek(start)
            self._range = (start, end)
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Content-Length", str(end - start + 1))
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def copyfile(self, source, outputfile):
        if self._range is None:
            return super().copyfile(source, outputfile)
        left = self._range[1] - self._range[0] + 1
        while left > 0:
            chunk = source.read(min(64 * 1024, left))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)


def make_server(root: Path, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A static server for ``root`` on ``host:port`` (0: a free port); not started."""
    handler = functools.partial(RangeRequestHandler, directory=str(root))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(root: Path, port: int = 0, ready=None) -> None:
    """Serve ``root`` until interrupted; ``ready(url)`` is called once it listens."""
    server = make_server(root, port)
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    if ready:
        ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

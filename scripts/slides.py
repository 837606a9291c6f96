"""Present a chapter: a slide deck, a PowerPoint and a PDF, one slide per beat.

``render chapter3 --slides`` writes ``renders/chapter3/slides/``:

- ``index.html``: a self-contained deck (no network, works opened from disk). One slide per
  beat; arriving on a slide plays its clip (silent; ``?audio=1`` with the narration) and it
  stops on the beat's final picture (its last frame, or the frame before the beat fades out). → / space / PageDown / click: forward; ← / PageUp: back, to
  the previous slide's last frame (no replay); F: full screen; S: presenter view (current and
  next slide, speaker notes, a timer); the slide number is the URL fragment (``#7``).
- ``chapter3.pptx``: a section slide with the lecture title before each lecture, then one slide
  per beat with the beat's clip embedded (its last frame as poster), set to start when the
  slide appears, and the beat's narration as speaker notes.
- ``chapter3.pdf``: the final picture of each beat, one page each, with the beat's title and
  narration beneath: the handout, and the fallback when a laptop fails.

Everything is made from what the render already wrote: the mp4 clips (with their beat's
narration) and the png stills of ``clips/`` and the chapter's ``manifest.json``. The outputs
are keyed by those inputs, so rebuilding the slides of an unchanged chapter writes nothing.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
from pathlib import Path

__all__ = ["SlidesError", "deck", "write_slides", "write_html", "write_pptx", "write_pdf"]

#: bump when the outputs' format changes, so existing decks are rebuilt
VERSION = "3"


class SlidesError(RuntimeError):
    pass


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def deck(ch_dir: Path) -> dict:
    """The chapter's slides, from its ``manifest.json`` and ``clips/manifest.json``: lectures
    in chapter order, each with its beats (title, notes, clip, still, duration), paths
    relative to ``ch_dir``. Raises :class:`SlidesError` naming what is missing."""
    try:
        chapter = json.loads((ch_dir / "manifest.json").read_text())
        clips = json.loads((ch_dir / "clips" / "manifest.json").read_text())["clips"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SlidesError(f"{ch_dir}: no rendered clips to make slides from ({exc}); "
                          f"render the chapter with --slides") from exc
    by_scene: dict[tuple[str, str], dict[int, dict]] = {}
    for c in clips:
        if not c.get("transparent"):
            by_scene.setdefault((c["scene"], c["format"]), {})[c["index"]] = c
    lectures = []
    for scene in chapter.get("scenes", []):
        stem = Path(scene["file"]).stem
        mp4, png = by_scene.get((stem, "mp4"), {}), by_scene.get((stem, "png"), {})
        if not mp4 or set(mp4) != set(png):
            raise SlidesError(f"{ch_dir.name}/{stem}: its clips and stills are missing or "
                              f"incomplete; render the chapter with --slides")
        beats = [{"title": mp4[i]["title"], "notes": mp4[i]["caption"],
                  "clip": f"clips/{mp4[i]['file']}", "still": f"clips/{png[i]['file']}",
                  "duration": mp4[i]["duration"], "audio": bool(mp4[i].get("audio")),
                  # where the slide stops: the beat's final picture, before any closing fade
                  "stop": png[i].get("still_time")}
                 for i in sorted(mp4)]
        lectures.append({"id": scene["id"], "title": scene["title"], "stem": stem,
                         "beats": beats})
    if not lectures:
        raise SlidesError(f"{ch_dir.name}: no lecture rendered yet")
    return {"chapter": chapter.get("chapter", ch_dir.name), "number": chapter.get("number"),
            "title": chapter.get("title", ""), "lectures": lectures}


def _key(ch_dir: Path, d: dict) -> str:
    """What the slides depend on: the deck's content and the bytes of every clip and still."""
    h = hashlib.sha256(f"slides {VERSION}\n".encode())
    h.update(json.dumps(d, sort_keys=True).encode())
    for lec in d["lectures"]:
        for b in lec["beats"]:
            for rel in (b["clip"], b["still"]):
                st = (ch_dir / rel).stat()
                h.update(f"{rel} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def write_slides(ch_dir: Path, progress=None) -> dict[str, Path]:
    """Write ``slides/index.html``, ``slides/<chapter>.pptx`` and ``slides/<chapter>.pdf``
    for the rendered chapter in ``ch_dir``, unless they are up to date."""
    d = deck(ch_dir)
    out = ch_dir / "slides"
    out.mkdir(exist_ok=True)
    name = d["chapter"]
    paths = {"html": out / "index.html", "pptx": out / f"{name}.pptx",
             "pdf": out / f"{name}.pdf"}
    key = _key(ch_dir, d)
    stamp = out / ".key"
    if stamp.exists() and stamp.read_text() == key and all(p.exists() for p in paths.values()):
        if progress:
            progress(f"slides/: up to date ({_count(d)} slides)")
        return paths
    stamp.unlink(missing_ok=True)   # written last: a half-made deck is never up to date
    write_html(ch_dir, d, paths["html"])
    write_pptx(ch_dir, d, paths["pptx"])
    write_pdf(ch_dir, d, paths["pdf"])
    _atomic_write(stamp, key.encode())
    if progress:
        progress(f"slides/: {_count(d)} slides: index.html, {paths['pptx'].name}, "
                 f"{paths['pdf'].name}")
    return paths


def _count(d: dict) -> int:
    return sum(len(lec["beats"]) for lec in d["lectures"])


# -- the HTML deck ------------------------------------------------------------------------------
def write_html(ch_dir: Path, d: dict, path: Path) -> None:
    slides = [{"lecture": lec["title"], "title": b["title"], "notes": b["notes"],
               "clip": f"../{b['clip']}", "still": f"../{b['still']}", "stop": b["stop"]}
              for lec in d["lectures"] for b in lec["beats"]]
    data = json.dumps({"title": d["title"], "slides": slides}, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    number = d.get("number")
    head = f"Chapter {number} · {d['title']}" if number is not None else d["title"]
    page = _HTML.replace("@TITLE@", html.escape(head)).replace("@DATA@", data)
    _atomic_write(path, page.encode())


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>@TITLE@ · slides</title>
<style>
  html { color-scheme: dark; }
  html, body { margin: 0; height: 100%; background: #0E1117; color: #ECECEC;
               font: 16px/1.45 "DejaVu Sans", system-ui, sans-serif; overflow: hidden; }
  #stage { position: absolute; inset: 0; display: flex; align-items: center;
           justify-content: center; cursor: pointer; }
  #stage video { max-width: 100%; max-height: 100%; width: 100%; height: 100%;
                 object-fit: contain; background: #0E1117; }
  #counter { position: absolute; right: 14px; bottom: 10px; font-size: 13px; color: #8A8F98;
             user-select: none; }
  #hint { position: absolute; left: 14px; bottom: 10px; font-size: 13px; color: #8A8F98; }
  #presenter { display: none; }
  body.presenter #stage { inset: 0 40% 38% 0; }
  body.presenter #presenter { display: grid; position: absolute; inset: 0 0 0 60%;
      grid-template-rows: auto auto 1fr; gap: 10px; padding: 14px; box-sizing: border-box; }
  body.presenter #notes-box { position: absolute; left: 0; right: 40%; bottom: 0; top: 62%;
      padding: 14px 18px; overflow: auto; box-sizing: border-box; display: block; }
  #notes-box { display: none; font-size: 20px; }
  #next img { width: 100%; border: 1px solid #2A2F3A; }
  #timer { font: 34px/1 "DejaVu Sans Mono", monospace; }
  .label { color: #8A8F98; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
  #where { font-size: 15px; }
</style>
</head>
<body>
<div id="stage"><video id="video" playsinline preload="auto"></video></div>
<div id="presenter">
  <div><div class="label">Elapsed</div><div id="timer">0:00</div></div>
  <div id="next"><div class="label">Next</div><div id="next-title"></div><img id="next-still" alt=""></div>
  <div><div class="label">Now</div><div id="where"></div></div>
</div>
<div id="notes-box"><div class="label">Notes</div><div id="notes"></div></div>
<div id="counter"></div>
<div id="hint"></div>
<script type="application/json" id="deck">@DATA@</script>
<script>
(function () {
  "use strict";
  const deck = JSON.parse(document.getElementById("deck").textContent);
  const slides = deck.slides;
  const video = document.getElementById("video");
  const audio = new URLSearchParams(location.search).get("audio") === "1";
  video.muted = !audio;
  let current = -1;
  let started = null;

  function fromHash() {
    const n = parseInt(location.hash.slice(1), 10);
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), slides.length) - 1 : 0;
  }

  // a slide stops on its beat's final picture (before the beat's closing fade, if any)
  function stopAt(s) {
    return typeof s.stop === "number" && s.stop > 0 ? s.stop : null;
  }

  function hold(i) {
    const stop = stopAt(slides[i]);
    if (stop === null) return;
    const check = function (now, meta) {
      if (current !== i) return;
      if (meta.mediaTime >= stop - 0.02 || video.ended) {
        video.pause();
        video.currentTime = stop;
      } else {
        video.requestVideoFrameCallback(check);
      }
    };
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(check);
  }

  function show(i, atEnd) {
    i = Math.min(Math.max(i, 0), slides.length - 1);
    const s = slides[i];
    current = i;
    if (location.hash !== "#" + (i + 1)) history.replaceState(null, "", "#" + (i + 1));
    video.dataset.slide = String(i + 1);
    video.poster = atEnd ? s.still : "";
    video.src = s.clip;
    document.getElementById("hint").textContent = "";
    if (atEnd) {
      // the previous slide as it ended: its last frame, no replay
      video.addEventListener("loadedmetadata", function end() {
        if (current !== i) return;
        const stop = stopAt(s);
        video.currentTime = stop === null ? video.duration : Math.min(stop, video.duration);
      }, { once: true });
      video.load();
    } else {
      hold(i);
      const p = video.play();
      if (p) p.catch(function () {
        document.getElementById("hint").textContent = "Click to play";
      });
    }
    document.getElementById("counter").textContent = (i + 1) + " / " + slides.length;
    document.getElementById("notes").textContent = s.notes;
    document.getElementById("where").textContent = s.lecture + " \\u00b7 " + s.title;
    const next = slides[i + 1];
    document.getElementById("next-title").textContent = next ? next.lecture + " \\u00b7 " + next.title : "End";
    const img = document.getElementById("next-still");
    if (next) { img.src = next.still; img.style.display = ""; } else { img.style.display = "none"; }
    document.title = s.title + " \\u00b7 " + deck.title;
  }

  function forward() { if (current < slides.length - 1) show(current + 1, false); }
  function back() { if (current > 0) show(current - 1, true); }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowRight": case "PageDown": case " ": case "Enter": case "ArrowDown":
        e.preventDefault(); forward(); break;
      case "ArrowLeft": case "PageUp": case "Backspace": case "ArrowUp":
        e.preventDefault(); back(); break;
      case "Home": e.preventDefault(); show(0, false); break;
      case "End": e.preventDefault(); show(slides.length - 1, false); break;
      case "f": case "F":
        if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
        else document.documentElement.requestFullscreen().catch(function () {});
        break;
      case "s": case "S":
        document.body.classList.toggle("presenter");
        if (!started) started = Date.now();
        break;
    }
  });
  document.getElementById("stage").addEventListener("click", forward);
  window.addEventListener("hashchange", function () {
    const i = fromHash();
    if (i !== current) show(i, false);
  });
  setInterval(function () {
    if (!started) return;
    const s = Math.floor((Date.now() - started) / 1000);
    document.getElementById("timer").textContent =
      Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }, 500);
  show(fromHash(), false);
})();
</script>
</body>
</html>
"""


# -- PowerPoint ---------------------------------------------------------------------------------
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _autoplay(slide, spid: int, ms: int) -> None:
    """Replace the slide's timing with the one PowerPoint writes for a video set to start
    "Automatically": a media call in the main sequence, after the slide begins."""
    from lxml import etree
    from pptx.oxml.ns import qn
    for old in slide._element.findall(qn("p:timing")):
        slide._element.remove(old)
    xml = f"""<p:timing xmlns:p="{_P}"><p:tnLst><p:par>
<p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>
 <p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>
  <p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>
    <p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst>
   <p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>
    <p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold"
        nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>
      <p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="{ms}" fill="hold"/>
        <p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl></p:cBhvr></p:cmd>
    </p:childTnLst></p:cTn></p:par>
   </p:childTnLst></p:cTn></p:par>
  </p:childTnLst></p:cTn></p:par>
 </p:childTnLst></p:cTn>
 <p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>
 <p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>
 </p:seq>
 <p:video><p:cMediaNode vol="80000"><p:cTn id="7" fill="hold" display="0"><p:stCondLst>
  <p:cond delay="indefinite"/></p:stCondLst></p:cTn><p:tgtEl><p:spTgt spid="{spid}"/></p:tgtEl>
 </p:cMediaNode></p:video>
</p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>"""
    slide._element.append(etree.fromstring(xml))


def write_pptx(ch_dir: Path, d: dict, path: Path) -> None:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Pt
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12_192_000), Emu(6_858_000)   # 16:9, 13.33 in
    blank = prs.slide_layouts[6]
    bg = RGBColor(0x0E, 0x11, 0x17)

    def dark(slide):
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = bg

    number = d.get("number")
    for k, lec in enumerate(d["lectures"], 1):
        section = prs.slides.add_slide(blank)
        dark(section)
        box = section.shapes.add_textbox(Emu(900_000), Emu(2_300_000), Emu(10_392_000),
                                         Emu(2_200_000))
        tf = box.text_frame
        tf.word_wrap = True
        first = tf.paragraphs[0]
        first.text = f"{number}.{k}" if number is not None else str(k)
        first.font.size, first.font.color.rgb = Pt(24), RGBColor(0x8A, 0x8F, 0x98)
        p = tf.add_paragraph()
        p.text = lec["title"]
        p.font.size, p.font.bold, p.font.color.rgb = Pt(44), True, RGBColor(0xEC, 0xEC, 0xEC)
        section.notes_slide.notes_text_frame.text = lec["title"]
        for b in lec["beats"]:
            slide = prs.slides.add_slide(blank)
            dark(slide)
            movie = slide.shapes.add_movie(
                str(ch_dir / b["clip"]), 0, 0, prs.slide_width, prs.slide_height,
                poster_frame_image=str(ch_dir / b["still"]), mime_type="video/mp4")
            movie.name = b["title"]
            _autoplay(slide, movie.shape_id, max(1, round(b["duration"] * 1000)))
            slide.notes_slide.notes_text_frame.text = b["notes"]
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        prs.save(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# -- PDF handout --------------------------------------------------------------------------------
_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")
_BOLD = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf")


def _font(names, size):
    from PIL import ImageFont
    for n in names:
        try:
            return ImageFont.truetype(n, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels in ``font``."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def write_pdf(ch_dir: Path, d: dict, path: Path) -> None:
    """One A4 portrait page per beat: its last frame, its title and its whole narration
    (the type shrinks to fit a long beat)."""
    from PIL import Image, ImageDraw
    W, H, M = 1240, 1754, 90                      # A4 at 150 dpi, margin
    head, small = _font(_BOLD, 30), _font(_FONTS, 20)
    pages = []
    number = d.get("number")
    for k, lec in enumerate(d["lectures"], 1):
        for b in lec["beats"]:
            page = Image.new("RGB", (W, H), "white")
            draw = ImageDraw.Draw(page)
            with Image.open(ch_dir / b["still"]) as im:
                frame = im.convert("RGB")
            fw = W - 2 * M
            fh = round(frame.height * fw / frame.width)
            page.paste(frame.resize((fw, fh), Image.LANCZOS), (M, M))
            y = M + fh + 36
            where = (f"{number}.{k} " if number is not None else "") + lec["title"]
            for line in _wrap(draw, f"{where} · {b['title']}", head, fw):
                draw.text((M, y), line, font=head, fill=(20, 20, 20))
                y += 42
            y += 12
            for size in (26, 24, 22, 20, 18, 16, 14):
                body = _font(_FONTS, size)
                lines, step = _wrap(draw, b["notes"], body, fw), round(size * 1.45)
                if y + step * len(lines) <= H - M:
                    break
            for line in lines:
                draw.text((M, y), line, font=body, fill=(40, 40, 40))
                y += step
            draw.text((W - M, H - 50), f"{len(pages) + 1}", font=small, fill=(120, 120, 120),
                      anchor="ra")
            pages.append(page)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        pages[0].save(tmp, "PDF", resolution=150.0, save_all=True, append_images=pages[1:],
                      title=d["title"])
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)

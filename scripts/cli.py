"""``render``: turn the book's lectures into videos.

\b
  render list                         chapters and lectures, in order
  render chapter1                     one chapter -> renders/chapter1/
  render chapter1 --scene optimizers  one lecture of it
  render all                          every chapter
  render chapter1 --clips --format gif  one clip per beat, for slides
  render serve                        the HTML book on http://127.0.0.1
  render trajectory chapter1/gradient_descent -o gd.npz
  render doctor                       check the tools rendering needs
"""
from __future__ import annotations

import os
import shutil
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
    root = renders_root()
    root.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(root).free / 2 ** 30
    out.append(("disk space", free > 2, f"{free:.1f} GiB free under {root}",
                "free some disk space (a chapter at 1080p needs ~0.5 GiB while rendering)"))
    return out


def optional_checks() -> list[tuple[str, bool, str, str]]:
    """(what, ok, detail, fix) for tools only some features need: nothing fails without them."""
    out = []
    for tool, needed_by, flag in (("espeak-ng", "render --narrate", "--narration"),
                                  ("chromium", "the browser test of the HTML book", "--browser"),
                                  ("chromedriver", "the browser test of the HTML book",
                                   "--browser")):
        path = shutil.which(tool)
        out.append((tool, path is not None, path or f"not found (only {needed_by} needs it)",
                    f"{SETUP_CMD} {flag}"))
    return out


def require_tools() -> None:
    missing = [(w, fix) for w, ok, _, fix in checks() if not ok and w != "disk space"]
    if missing:
        lines = "\n".join(f"  - {w}: run  {fix}" for w, fix in missing)
        raise click.ClickException(f"rendering needs tools that are missing:\n{lines}")


# -- progress -----------------------------------------------------------------------------------
class Progress:
    """One status line per job, redrawn in place on a terminal, plain lines otherwise."""

    def __init__(self, jobs, stream=None):
        self.jobs = jobs
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.state = {id(j): "waiting" for j in jobs}
        self.started = {}
        self.t0 = time.perf_counter()
        self.lock = threading.Lock()
        self.drawn = 0
        self._stop = threading.Event()
        self._ticker = None

    def __enter__(self):
        if self.tty:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._ticker:
            self._ticker.join()
        self._draw()

    def _tick(self):
        while not self._stop.wait(1.0):
            self._draw()

    def __call__(self, job, message):
        with self.lock:
            prev = self.state[id(job)]
            if prev == "waiting" and message.endswith("animations"):
                self.started[id(job)] = time.perf_counter()
            self.state[id(job)] = message
        if self.tty:
            self._draw()
        elif message.endswith("animations"):  # a log: say when it starts, then every 10
            n = int(message.split()[0])
            if prev == "waiting" or n % 10 == 0:
                click.echo(f"  {job.stem}: rendering, {message}", err=True)
        else:
            click.echo(f"  {job.stem}: {message}", err=True)

    def _draw(self):
        if not self.tty:
            return
        with self.lock:
            lines = []
            done = sum(1 for j in self.jobs if not self.state[id(j)].endswith("animations")
                       and self.state[id(j)] != "waiting")
            for j in self.jobs:
                msg = self.state[id(j)]
                if msg.endswith("animations"):
                    el = time.perf_counter() - self.started.get(id(j), self.t0)
                    msg = f"rendering: {msg}, {el:.0f}s"
                lines.append(f"  {j.stem:<40} {msg}")
            lines.append(f"  [{done}/{len(self.jobs)} done, {time.perf_counter() - self.t0:.0f}s]")
            out = ("\x1b[F" * self.drawn) + "".join(f"\x1b[2K{line}\n" for line in lines)
            self.stream.write(out)
            self.stream.flush()
            self.drawn = len(lines)


# -- rendering ----------------------------------------------------------------------------------
def render_chapters(selected: list[tuple[Chapter, list]], quality: str, jobs_n: int,
                    force: bool, overrides: dict, *, clips: str | None = None,
                    transparent: bool = False, narrate: bool = False) -> None:
    """Render the lectures, then the chapter video, captions, clips (``clips``: a format, or
    None for no clips) and the HTML book. ``transparent`` renders only the WebM-with-alpha
    variant, for clips; ``narrate`` the spoken variant (``@narrated``)."""
    from scripts.book import write_book
    from scripts.build import (
        LockedError, RenderLock, current_chapter, plan, run_jobs, write_chapter,
    )
    from scripts.captions import write_chapter_captions
    from scripts.clips import ClipError, write_clips
    require_tools()
    if narrate:
        from scripts import speech
        if not speech.available():
            raise click.ClickException(speech.INSTALL_HINT)
    variants = (("narrated",) if narrate else ()) + (("transparent",) if transparent else ())
    failed = []
    for chapter, lectures in selected:
        out = renders_root() / chapter.slug
        click.echo(f"{chapter.slug}: {chapter.title} -> {out} ({quality}"
                   f"{', ' + ', '.join(variants) if variants else ''})", err=True)
        try:
            with RenderLock(out):
                jobs = plan(chapter, lectures, quality, renders_root(), overrides,
                            variants=variants, need_sections=clips is not None)
                with Progress(jobs) as progress:
                    results = run_jobs(jobs, jobs_n=jobs_n, force=force, progress=progress)
                failed += [r for r in results if r.status == "failed"]
                manifest = None
                if not overrides and not transparent:
                    all_jobs = plan(chapter, list(chapter.lectures), quality, renders_root(),
                                    variants=variants)
                    manifest = current_chapter(chapter, all_jobs, quality)
                    if manifest is None:  # something changed: join, probe, caption again
                        manifest = write_chapter(chapter, all_jobs, quality)
                        manifest = write_chapter_captions(chapter, all_jobs, manifest)
                    tag = "@narrated" if narrate else ""
                    click.echo(f"  {manifest['video']}: {len(manifest['scenes'])} lectures, "
                               f"{manifest.get('duration', 0):.0f}s; captions "
                               f"{chapter.slug}{tag}.srt/.vtt, playlist{tag}.m3u, "
                               f"manifest{tag}.json", err=True)
                else:
                    write_chapter_captions(chapter, jobs)
                if clips is not None:
                    done = [r.job for r in results if r.status != "failed"]
                    cm = write_clips(done, clips,
                                     progress=lambda m: click.echo(f"  {m}", err=True))
                    n = sum(1 for c in cm.get("clips", []) if c["format"] == clips
                            and c["scene"] in {j.stem for j in done})
                    click.echo(f"  {n} {clips} clips; index: {out / 'clips' / 'manifest.json'}",
                               err=True)
        except LockedError as err:
            raise click.ClickException(str(err)) from None
        except ClipError as err:
            raise click.ClickException(str(err)) from None
        book = write_book(renders_root())
        click.echo(f"  book: {book} (render serve)", err=True)
    if failed:
        lines = "\n".join(f"  - {r.job.lecture.id}: {r.error}" for r in failed)
        raise click.ClickException(f"{len(failed)} lecture(s) failed:\n{lines}")


def _render_options(f):
    f = _clip_options(f)
    f = click.option("--quality", "-q", type=click.Choice(["low", "medium", "high", "4k"]),
                     default="high", show_default=True,
                     help="low 480p15, medium 720p30, high 1080p60, 4k 2160p60")(f)
    f = click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
                     show_default="number of cores",
                     help="lectures rendered at once, each in its own process")(f)
    f = click.option("--force", is_flag=True, help="re-render even if up to date")(f)
    return f


def _clip_options(f):
    f = click.option("--narrate", is_flag=True,
                     help="speak every caption (offline, espeak-ng) into a separate "
                          "@narrated video")(f)
    f = click.option("--transparent", is_flag=True,
                     help="clips with an alpha channel (WebM VP9) for overlaying on slides; "
                          "renders a separate @transparent variant (implies --clips)")(f)
    f = click.option("--format", "clip_format", type=click.Choice(["mp4", "webm", "gif", "png"]),
                     help="clip format (implies --clips): png is the last frame of each beat "
                          "[default: mp4, webm with --transparent]")(f)
    f = click.option("--clips", is_flag=True,
                     help="also write one clip per beat to renders/<chapter>/clips/")(f)
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
    def command(quality, jobs, force, clips, clip_format, transparent, narrate, scenes, sets):
        try:
            lectures = [chapter.lecture(s) for s in scenes] or list(chapter.lectures)
            overrides = {}
            if sets:
                if len(lectures) != 1:
                    raise CatalogError("--set needs exactly one --scene")
                overrides = lectures[0].parse_overrides(sets)
        except CatalogError as err:
            raise click.UsageError(str(err)) from None
        render_chapters([(chapter, lectures)], quality, jobs, force, overrides,
                        clips=clip_options(clips, clip_format, transparent),
                        transparent=transparent, narrate=narrate)
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
def all_cmd(quality, jobs, force, clips, clip_format, transparent, narrate):
    """Render every chapter."""
    render_chapters([(ch, list(ch.lectures)) for ch in chapters()], quality, jobs, force, {},
                    clips=clip_options(clips, clip_format, transparent),
                    transparent=transparent, narrate=narrate)


@cli.command("serve")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=0,
              help="the port to listen on (default: a free one)")
@click.option("--no-rebuild", is_flag=True, help="serve index.html as it is")
def serve_cmd(port, no_rebuild):
    """Serve the HTML book (renders/index.html) on http://127.0.0.1 until Ctrl-C."""
    from scripts.book import serve, write_book
    root = renders_root()
    if not no_rebuild or not (root / "index.html").exists():
        write_book(root)
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
    output.parent.mkdir(parents=True, exist_ok=True)
    for key, traj in trajs.items():
        path = output if len(trajs) == 1 else output.with_name(f"{output.stem}_{key}.npz")
        traj.save(path)
        flags = ", ".join(f"{k}={traj.info.get(k)}" for k in ("n_iter", "converged", "diverged"))
        click.echo(f"{path}: {len(traj)} steps of {', '.join(traj.steps)} ({flags})")


@cli.command("doctor")
def doctor_cmd():
    """Check LaTeX, dvisvgm, ffmpeg, Cairo/Pango, fonts, Manim and disk space (and the
    optional espeak-ng and Chromium)."""
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
              help="start with empty TeX and SVG caches (a first render on a new machine)")
def bench_cmd(lectures, qualities, jobs, cold):
    """Time renders: video s, wall s, real-time factor, peak memory, no-change rebuild.

    LECTURES are ids like chapter1/optimizers, or chapter names; default: chapter1.
    Renders into a temporary folder, never into renders/. The shared caches of compiled
    TeX and parsed SVGs (.cache/) are used as they are, unless --cold (empty ones).
    """
    from scripts.bench import bench, format_rows
    require_tools()
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
                 echo=lambda m: click.echo(m, err=True), cold=cold)
    click.echo(format_rows(rows))


def main() -> None:
    cli(prog_name="render")


if __name__ == "__main__":
    main()

"""``render check``: the layout checker of ``scenes/check.py`` over lectures, without rendering.

Each lecture runs in its own process (``python -m scenes.check``; Manim's config is global),
``--jobs`` at a time, silent by default (``MLV_VOICE=none``: beats timed at a reading pace; with
``--voice piper`` the times are the real video's, and speech already in the cache costs
nothing), with its own Manim media folder seeded from
the shared TeX cache (``.cache/tex``) and the shared SVG cache, like a render job; what it
compiles goes back into the cache. No frame is drawn and no file but TeX's is written.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

from scenes.catalog import CatalogError, chapters, find_lecture, get_chapter
from scripts.build import ROOT, SVG_CACHE_ENV, _harvest_tex, _seed_tex, svg_cache_dir

__all__ = ["check_cmd", "run_checks", "KINDS"]

#: the kinds scenes/check.py reports, in its order (kept here so the CLI imports no Manim)
KINDS = ("overlap", "frame", "caption_band", "tick_label", "plain_text_math")
#: environment a render sets that a check must not inherit
_DROP_ENV = ("MLV_BEATS_FILE", "MLV_PROGRESS", "MLV_NARRATE", "MLV_PARAMS")


def _units(target: str, scenes: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """(label, arguments of ``python -m scenes.check``) per process to run."""
    if target.endswith(".py"):
        path = Path(target)
        if not path.is_file():
            raise click.UsageError(f"no such file: {target}")
        args = [str(path.resolve())]
        for s in scenes:
            args += ["--scene", s]
        return [(str(path), args)]
    if "/" in target:
        if scenes:
            raise click.UsageError("--scene goes with a chapter, not with a lecture id")
        _, lec = find_lecture(target)
        return [(lec.id, [lec.id])]
    selected = chapters() if target == "all" else [get_chapter(target)]
    if scenes and len(selected) != 1:
        raise click.UsageError("--scene needs one chapter: render check chapter1 --scene ...")
    lectures = [ch.lecture(s) for s in scenes for ch in selected] if scenes else [
        lec for ch in selected for lec in ch.lectures]
    return [(lec.id, [lec.id]) for lec in lectures]


def _overrides(units: list[tuple[str, list[str]]], sets: tuple[str, ...]) -> dict:
    """``--set`` pairs, validated against the one lecture being checked."""
    if len(units) != 1 or "/" not in units[0][0] or units[0][0].endswith(".py"):
        raise click.UsageError("--set needs one lecture: render check chapter1 --scene "
                               "gradient_descent --set lr=0.5")
    from scripts.cli import check_sets
    check_sets(sets)
    return find_lecture(units[0][0])[1].parse_overrides(sets)


def _run_one(label: str, args: list[str], step: float, voice: str = "none",
             params: dict | None = None) -> list[dict]:
    """Run one checker process; its results (a failure is a result with ``error``)."""
    start = time.perf_counter()
    from scripts.build import MediaDir
    with MediaDir("", prefix="mlv-check") as media:  # removed by the next run if killed
        known = _seed_tex(media / "Tex")
        out = media / "check.json"
        env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
        if params:  # a teacher's --set, as a render gets it
            env["MLV_PARAMS"] = json.dumps(params)
        env.update({"MLV_VOICE": voice, SVG_CACHE_ENV: str(svg_cache_dir()),
                    "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                env.get("PYTHONPATH")]))})
        proc = subprocess.run([sys.executable, "-m", "scenes.check", *args, "--media",
                               str(media), "--step", str(step), "--json", str(out)],
                              cwd=ROOT, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if proc.returncode in (0, 1) and out.exists():
            results = json.loads(out.read_text())
            if not any(r.get("error") for r in results):
                _harvest_tex(media / "Tex", known)
            return results
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
        return [{"lecture": label, "scene": "", "violations": [], "duration": 0, "samples": 0,
                 "seconds": round(time.perf_counter() - start, 2),
                 "error": f"checker exited with status {proc.returncode}\n{tail}"}]


def run_checks(units: list[tuple[str, list[str]]], jobs: int = 1, step: float = 0.5,
               echo=None, voice: str = "none", params: dict | None = None) -> list[dict]:
    """Every unit's results, in the order of ``units``."""
    def one(unit):
        label, args = unit
        results = _run_one(label, args, step, voice, params)
        if echo:
            for r in results:
                n = len(r["violations"])
                state = "failed" if r.get("error") else (
                    f"{n} violation{'s' if n != 1 else ''}" if n else "ok")
                echo(f"  {r['lecture']}: {state} ({r['duration']:.0f} s of video checked "
                     f"in {r['seconds']:.1f} s)")
        return results
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return [r for rs in pool.map(one, units) for r in rs]


def format_violation(v: dict) -> str:
    span = f"{v['time']:.1f}s"
    if v.get("until", v["time"]) - v["time"] > 0.05:
        span += f"-{v['until']:.1f}s"
    line = f"{v['lecture']}  {v['beat']}  {span}  {v['kind']}  {' × '.join(v['objects'])}"
    detail = "; ".join(filter(None, [v.get("detail"), v.get("transition") and
                                     f"only during {v['transition']}"]))
    return line + (f"  ({detail})" if detail else "")


def format_summary(results: list[dict]) -> str:
    """A table: violations per lecture and kind."""
    width = max([len("lecture")] + [len(r["lecture"]) for r in results])
    head = f"{'lecture':<{width}}  " + "  ".join(KINDS) + "  total"
    rows = [head]
    totals = dict.fromkeys(KINDS, 0)
    for r in results:
        counts = {k: sum(1 for v in r["violations"] if v["kind"] == k) for k in KINDS}
        for k in KINDS:
            totals[k] += counts[k]
        cells = "  ".join(f"{counts[k]:>{len(k)}}" for k in KINDS)
        note = "  FAILED" if r.get("error") else ""
        rows.append(f"{r['lecture']:<{width}}  {cells}  {sum(counts.values()):>5}{note}")
    if len(results) > 1:
        cells = "  ".join(f"{totals[k]:>{len(k)}}" for k in KINDS)
        rows.append(f"{'all':<{width}}  {cells}  {sum(totals.values()):>5}")
    return "\n".join(rows)


@click.command("check")
@click.argument("target", required=False, default="all")
@click.option("--scene", "-s", "scenes", multiple=True,
              help="only this lecture of the chapter (slug or class name); with a .py TARGET, "
                   "a scene class in it; repeatable")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1,
              show_default="number of cores", help="lectures checked at once")
@click.option("--step", type=click.FloatRange(0.05, 10), default=0.5, show_default=True,
              help="seconds of scene time between checks inside a play or a wait")
@click.option("--voice", type=click.Choice(["none", "piper", "espeak"]), default="none",
              show_default=True, help="time the beats by this voice (none: a reading pace; "
                                      "piper: the times of the real video)")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="check one lecture with a parameter changed, as `render chapterN --set`")
@click.option("--json", "as_json", is_flag=True, help="print the results as JSON")
def check_cmd(target, scenes, jobs, step, voice, sets, as_json):
    """Check lectures' layout without rendering: TARGET is a chapter, all (default), a
    lecture id (chapter1/gradient_descent) or a .py file of scenes.

    \b
    At the end of every animation and every STEP seconds inside one:
      overlap          no text or formula overlaps another (transitions excepted)
      frame            nothing leaves the frame
      caption_band     nothing crosses the caption band (a legacy burned-in caption may)
      tick_label       no data point rests on an axis number label (at the end of a play)
      plain_text_math  no maths or code names in a Text (^, _, lr, max_epochs, np., ...)
    Prints one line per violation (lecture, beat, time, kind, objects) and a table of
    counts; exits with status 1 when there is any violation or a lecture fails to run.
    """
    try:
        units = _units(target, scenes)
        params = _overrides(units, sets) if sets else None
    except CatalogError as err:
        raise click.UsageError(str(err)) from None
    start = time.perf_counter()
    results = run_checks(units, jobs=jobs, step=step, voice=voice, params=params,
                         echo=None if as_json else (lambda m: click.echo(m, err=True)))
    failed = [r for r in results if r.get("error")]
    n = sum(len(r["violations"]) for r in results)
    if as_json:
        click.echo(json.dumps(results, indent=1))
    else:
        for r in results:
            for v in r["violations"]:
                click.echo(format_violation(v))
        for r in failed:
            click.echo(f"{r['lecture']}: failed to run\n{r['error']}", err=True)
        click.echo(format_summary(results))
        bad = sum(1 for r in results if r["violations"])
        click.echo(f"{n} violation(s) in {bad} of {len(results)} lecture(s)"
                   + (f", {len(failed)} failed to run" if failed else "")
                   + f"; {time.perf_counter() - start:.1f} s", err=True)
    if n or failed:
        sys.exit(1)

"""``render bench``: how fast the book renders on this machine, in figures.

For each quality and each voice it renders the chosen lectures from scratch (``jobs`` at a
time, into a temporary folder) and prints, per lecture, the video seconds, the wall seconds,
the real-time factor (video seconds per wall second), the CPU seconds the render process and
its children used (Piper's process included) plus the build's own ffmpeg runs (audio and
muxing: the "mux s" column), the CPU seconds per video second, the wall time
the voice spent synthesising speech (``speech_seconds`` in beats.json; 0 when every sentence
came from the speech cache) and the peak memory; then the time of a no-change rebuild
through the CLI (everything up to date).

A voice's first run that had to synthesise is followed by a second run on the now-cached
speech, so the cost of narration itself shows: the last lines compare each voice's CPU
seconds per video second with the silent render's (``--voice none``). The wall clock of a
shared machine varies from run to run; the CPU line (all CPU seconds spread over ``jobs``
cores) is what the same work takes on idle cores.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

from scenes.catalog import Chapter, Lecture
from scripts.build import ROOT, SVG_CACHE_ENV, TEX_CACHE_ENV, plan, run_jobs

__all__ = ["bench", "format_rows", "summary"]

SPEECH_CACHE_ENV = "MLV_SPEECH_CACHE"


def _speech_seconds(job) -> float | None:
    try:
        value = json.loads(job.beats_file.read_text()).get("speech_seconds")
    except (OSError, ValueError):
        return None
    return float(value) if value is not None else None


def _run(selected, quality, voice, jobs_n, out: Path, label: str, echo) -> list[dict]:
    by_chapter: dict[str, tuple[Chapter, list[Lecture]]] = {}
    for ch, lec in selected:
        by_chapter.setdefault(ch.slug, (ch, []))[1].append(lec)
    all_jobs = [j for ch, lecs in by_chapter.values()
                for j in plan(ch, lecs, quality, out, voice=voice)]
    echo(f"rendering {len(all_jobs)} lecture(s) at {quality}, voice {label}, "
         f"{jobs_n} at a time ...")
    t0 = time.perf_counter()
    results = run_jobs(all_jobs, jobs_n=jobs_n, force=True)
    wall = time.perf_counter() - t0
    rows, video_total, speech_total = [], 0.0, 0.0
    for r in results:
        row = {"lecture": r.job.lecture.id, "quality": quality, "voice": label,
               "status": r.status, "wall_s": r.seconds, "peak_mb": r.info.get("peak_mb"),
               "cpu_s": r.info.get("cpu_s"), "post_s": r.info.get("post_cpu_s")}
        if r.status == "rendered":
            row["video_s"] = r.info["video_s"]
            row["rtf"] = row["video_s"] / r.seconds
            row["cpu_per_s"] = row["cpu_s"] / row["video_s"]
            row["speech_s"] = _speech_seconds(r.job)
            video_total += row["video_s"]
            speech_total += row["speech_s"] or 0.0
        rows.append(row)
    cpu = sum((r.info.get("cpu_s") or 0) for r in results)
    rows.append({"lecture": "(all, wall clock)", "quality": quality, "voice": label,
                 "status": "", "wall_s": wall, "video_s": video_total,
                 "rtf": video_total / wall if wall else 0.0, "cpu_s": cpu,
                 "cpu_per_s": cpu / video_total if video_total else None,
                 "post_s": sum((r.info.get("post_cpu_s") or 0) for r in results),
                 "speech_s": speech_total,
                 "peak_mb": max((r.info.get("peak_mb") or 0) for r in results)})
    # what the same work would take with the cores doing nothing else
    rows.append({"lecture": f"(all, CPU / {jobs_n} cores)", "quality": quality,
                 "voice": label, "status": "", "wall_s": cpu / jobs_n, "video_s": video_total,
                 "rtf": video_total * jobs_n / cpu if cpu else 0.0})
    return rows


def bench(selected: list[tuple[Chapter, Lecture]], qualities: list[str], jobs_n: int,
          echo=print, cold: bool = False, voices: tuple[str, ...] = ("none", "piper")
          ) -> list[dict]:
    rows = []
    # (patch.dict puts the environment back, --cold's cache folders included)
    with patch.dict(os.environ), tempfile.TemporaryDirectory(prefix="mlv-bench-") as tmp:
        out = Path(tmp)
        for quality in qualities:
            if cold:  # every quality starts without compiled TeX, parsed SVGs or speech
                os.environ[TEX_CACHE_ENV] = str(out / f"tex-{quality}")
                os.environ[SVG_CACHE_ENV] = str(out / f"svg-{quality}")
                os.environ[SPEECH_CACHE_ENV] = str(out / f"speech-{quality}")
            for voice in voices:
                folder = out / f"{quality}-{voice}"
                got = _run(selected, quality, voice, jobs_n, folder, voice, echo)
                rows += got
                spoke = next(r for r in got if r["lecture"] == "(all, wall clock)")["speech_s"]
                if voice != "none" and spoke and spoke > 0.5:
                    # the first run synthesised speech: again, on the cached speech
                    rows += _run(selected, quality, voice, jobs_n, out / f"{quality}-{voice}-2",
                                 f"{voice} (cached)", echo)
            # a no-change rebuild through the CLI: first run joins the playlists, second is timed
            env = {**os.environ, "MLV_RENDERS": str(out / f"{quality}-{voices[-1]}")}
            cmd = [sys.executable, "-m", "scripts.cli"]
            runs = {}
            for ch, lec in selected:  # only the lectures benched (--scene each)
                runs.setdefault(ch.slug, []).extend(["--scene", lec.slug])
            args = [[slug, *scenes, "-q", quality, "--voice", voices[-1], "-j", str(jobs_n)]
                    for slug, scenes in runs.items()]
            for a in args:
                subprocess.run(cmd + a, env=env, cwd=ROOT, capture_output=True)
            t0 = time.perf_counter()
            for a in args:
                subprocess.run(cmd + a, env=env, cwd=ROOT, capture_output=True, check=True)
            rows.append({"lecture": "(no-change rebuild)", "quality": quality,
                         "voice": voices[-1], "status": "",
                         "wall_s": time.perf_counter() - t0})
    return rows


def summary(rows: list[dict]) -> list[str]:
    """Per quality: each voice's CPU seconds per video second against the silent render's."""
    lines = []
    totals = {(r["quality"], r["voice"]): r for r in rows if r["lecture"] == "(all, wall clock)"}
    for (quality, voice), r in totals.items():
        base = totals.get((quality, "none"))
        if voice == "none" or base is None or not base.get("cpu_per_s") or not r.get("cpu_per_s"):
            continue
        extra = r["cpu_per_s"] / base["cpu_per_s"] - 1
        lines.append(f"{quality}: voice {voice}: {r['cpu_per_s']:.3f} CPU s per video s against "
                     f"{base['cpu_per_s']:.3f} silent ({extra:+.1%}); speech synthesis "
                     f"{r.get('speech_s') or 0:.1f} s")
    return lines


def format_rows(rows: list[dict]) -> str:
    head = (f"{'lecture':<34} {'quality':<7} {'voice':<14} {'video s':>8} {'wall s':>8} "
            f"{'RTF':>6} {'CPU s':>7} {'mux s':>6} {'CPU/vs':>7} {'speech s':>8} {'peak MB':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        def f(key, fmt):
            v = r.get(key)
            return format(v, fmt) if isinstance(v, (int, float)) else ""
        status = "" if r["status"] in ("", "rendered") else f"  {r['status']}"
        lines.append(f"{r['lecture']:<34} {r['quality']:<7} {r.get('voice', ''):<14} "
                     f"{f('video_s', '8.1f'):>8} {f('wall_s', '8.1f'):>8} {f('rtf', '6.2f'):>6} "
                     f"{f('cpu_s', '7.1f'):>7} {f('post_s', '6.1f'):>6} "
                     f"{f('cpu_per_s', '7.3f'):>7} "
                     f"{f('speech_s', '8.1f'):>8} {f('peak_mb', '8.0f'):>8}{status}")
    extra = summary(rows)
    return "\n".join(lines + ([""] + extra if extra else []))

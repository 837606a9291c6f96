"""``render bench``: how fast the book renders on this machine, in figures.

For each quality it renders the chosen lectures from scratch (``jobs`` at a time, into a
temporary folder) and prints, per lecture, the video seconds, the wall seconds, the
real-time factor (video seconds per wall second), the CPU seconds the render process and its
children used and its peak memory; then the time of a no-change rebuild through the CLI
(everything up to date). The wall clock of a shared machine varies from run to run; the CPU
line (all CPU seconds spread over ``jobs`` cores) is what the same work takes on idle cores.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

from scenes.catalog import Chapter, Lecture
from scripts.build import ROOT, SVG_CACHE_ENV, TEX_CACHE_ENV, plan, probe, run_jobs

__all__ = ["bench"]


def bench(selected: list[tuple[Chapter, Lecture]], qualities: list[str], jobs_n: int,
          echo=print, cold: bool = False) -> list[dict]:
    rows = []
    # (patch.dict puts the environment back, --cold's cache folders included)
    with patch.dict(os.environ), tempfile.TemporaryDirectory(prefix="mlv-bench-") as tmp:
        out = Path(tmp)
        for quality in qualities:
            if cold:  # every quality starts without compiled TeX or parsed SVGs
                os.environ[TEX_CACHE_ENV] = str(out / f"tex-{quality}")
                os.environ[SVG_CACHE_ENV] = str(out / f"svg-{quality}")
            by_chapter: dict[str, tuple[Chapter, list[Lecture]]] = {}
            for ch, lec in selected:
                by_chapter.setdefault(ch.slug, (ch, []))[1].append(lec)
            all_jobs = [j for ch, lecs in by_chapter.values()
                        for j in plan(ch, lecs, quality, out)]
            echo(f"rendering {len(all_jobs)} lecture(s) at {quality}, {jobs_n} at a time ...")
            t0 = time.perf_counter()
            results = run_jobs(all_jobs, jobs_n=jobs_n, force=True)
            wall = time.perf_counter() - t0
            video_total = 0.0
            for r in results:
                row = {"lecture": r.job.lecture.id, "quality": quality, "status": r.status,
                       "wall_s": r.seconds, "peak_mb": r.info.get("peak_mb"),
                       "cpu_s": r.info.get("cpu_s")}
                if r.status == "rendered":
                    row["video_s"] = probe(r.job.video)["duration"]
                    row["rtf"] = row["video_s"] / r.seconds
                    video_total += row["video_s"]
                rows.append(row)
            cpu = sum((r.info.get("cpu_s") or 0) for r in results)
            rows.append({"lecture": "(all, wall clock)", "quality": quality, "status": "",
                         "wall_s": wall, "video_s": video_total,
                         "rtf": video_total / wall if wall else 0.0, "cpu_s": cpu,
                         "peak_mb": max((r.info.get("peak_mb") or 0) for r in results)})
            # what the same work would take with the cores doing nothing else
            rows.append({"lecture": f"(all, CPU / {jobs_n} cores)", "quality": quality,
                         "status": "", "wall_s": cpu / jobs_n, "video_s": video_total,
                         "rtf": video_total * jobs_n / cpu if cpu else 0.0})
            # a no-change rebuild through the CLI: first run joins the playlists, second is timed
            env = {**os.environ, "MLV_RENDERS": str(out)}
            cmd = [sys.executable, "-m", "scripts.cli"]
            for slug in by_chapter:
                subprocess.run(cmd + [slug, "-q", quality], env=env, cwd=ROOT,
                               capture_output=True)
            t0 = time.perf_counter()
            for slug in by_chapter:
                subprocess.run(cmd + [slug, "-q", quality], env=env, cwd=ROOT,
                               capture_output=True, check=True)
            rows.append({"lecture": "(no-change rebuild)", "quality": quality, "status": "",
                         "wall_s": time.perf_counter() - t0})
    return rows


def format_rows(rows: list[dict]) -> str:
    head = (f"{'lecture':<36} {'quality':<7} {'video s':>8} {'wall s':>8} {'RTF':>6} "
            f"{'CPU s':>7} {'peak MB':>8}")
    lines = [head, "-" * len(head)]
    for r in rows:
        def f(key, fmt):
            v = r.get(key)
            return format(v, fmt) if isinstance(v, (int, float)) else ""
        status = "" if r["status"] in ("", "rendered") else f"  {r['status']}"
        lines.append(f"{r['lecture']:<36} {r['quality']:<7} {f('video_s', '8.1f'):>8} "
                     f"{f('wall_s', '8.1f'):>8} {f('rtf', '6.2f'):>6} {f('cpu_s', '7.1f'):>7} "
                     f"{f('peak_mb', '8.0f'):>8}"
                     f"{status}")
    return "\n".join(lines)

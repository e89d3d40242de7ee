"""Cold validation on one process and on several (issue 30): see bench/README.md.

    python bench/validate.py [--actions 5000] [--runs 3] [--jobs 2] [--content DIR]
    python bench/validate.py --threshold [--files 50,100,200,400,800] [--runs 7]

The first form writes synthetic content (bench/synthetic.py) unless --content names a
folder, then runs `passerelles validate --content DIR` in its own process (the worktree's
code), from an empty validation cache each time, alternating PASSERELLES_JOBS=1 and
PASSERELLES_JOBS=N: --runs runs of each, in the same session. Wall time and CPU time (the
process and the processes it forked) of each run, and their medians.

The second form measures the threshold of the pool (`check/pool.py`) in one process that
holds the snapshot of the content: for each count of files (taken evenly from the whole
tree), the time to check them in this process, then in a pool of N processes, alternating,
each from an empty cache and an empty memo; the medians, and where the pool starts to pay.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

from run import cli, log, machine, run  # noqa: E402
from synthetic import write_content  # noqa: E402

from generator.check import pool, validate  # noqa: E402
from generator.check import snapshot as snapshots  # noqa: E402
from generator.check.cache import CACHE_DIR_ENV, CheckCache  # noqa: E402
from generator.check.snapshot import File  # noqa: E402
from generator.run import memo  # noqa: E402
from generator.run.processes import JOBS_VARIABLE  # noqa: E402


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes of the pool")
    parser.add_argument("--content", type=Path, help="an existing content folder")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--threshold", action="store_true", help="measure the pool's threshold")
    parser.add_argument("--files", default="25,50,100,200,400,800")
    return parser.parse_args(argv)


def seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + " s"


# --------------------------------------------------------------------------- cold validate


def cold(content: Path, jobs: int, work: Path, index: int) -> tuple[float, float, float]:
    """One `passerelles validate` from an empty cache: its wall and CPU seconds, and the
    peak of its processes' memory added up (Pss, MB)."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {CACHE_DIR_ENV: str(cache), JOBS_VARIABLE: str(jobs)}
    outcome = run(cli("validate", "--content", str(content)), work / f"v{jobs}-{index}.log", **env)
    return outcome.seconds, outcome.cpu_seconds, outcome.tree_kb / 1024


def compare(content: Path, runs: int, jobs: int, work: Path) -> str:
    timed: dict[int, list[tuple[float, float, float]]] = {1: [], jobs: []}
    for index in range(runs):
        # alternating, and each pair in the other order the next time
        order = (1, jobs) if index % 2 == 0 else (jobs, 1)
        for processes in order:
            wall, cpu, memory = cold(content, processes, work, index)
            log(
                f"validate, {processes} processus : {wall:.2f} s ({cpu:.2f} s CPU, {memory:.0f} Mo)"
            )
            timed[processes].append((wall, cpu, memory))
    lines = [
        "| processus | validate à froid (écoulé) | temps CPU | pic mémoire (Pss) | mesures |",
        "|---:|---:|---:|---:|---|",
    ]
    for processes, found in timed.items():
        wall, cpu, memory = (statistics.median(f[i] for f in found) for i in range(3))
        each = " ; ".join(f"{seconds(w)} ({seconds(c)} CPU)" for w, c, _ in found)
        figures = f"{seconds(wall)} | {seconds(cpu)} | {memory:.0f} Mo"
        lines.append(f"| {processes} | {figures} | {each} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- threshold


def in_this_process(files: list[File]) -> None:
    cache = CheckCache(None, "bench")
    for file in files:
        cache.put(file.key, validate._check_file(file))


def in_a_pool(files: list[File]) -> None:
    cache = CheckCache(None, "bench")
    pool.check_missing(files, cache, validate._check_file, preview=False)
    assert all(cache.get(file.key, file.digest) is not None for file in files)


def timed(step: Callable[[list[File]], None], files: list[File]) -> float:
    with memo.using(memo.Scope()):
        start = time.perf_counter()
        step(files)
        return time.perf_counter() - start


def threshold(content: Path, counts: list[int], runs: int, jobs: int) -> str:
    os.environ[JOBS_VARIABLE] = str(jobs)
    os.environ[pool.MIN_FILES_VARIABLE] = "0"
    readable = [f for f in snapshots.take(content).files() if f.raw is not None]
    lines = [
        f"| fichiers | un processus | {jobs} processus | gain |",
        "|---:|---:|---:|---:|",
    ]
    gc.disable()  # as validation does
    for count in counts:
        files = readable[:: max(1, len(readable) // count)][:count]
        alone, shared = [], []
        for index in range(runs):
            steps = [(alone, in_this_process), (shared, in_a_pool)]
            for found, step in steps if index % 2 == 0 else steps[::-1]:
                found.append(timed(step, files))
        one, many = min(alone), min(shared)  # the best of each: the least disturbed
        log(f"{count} fichiers : {one * 1000:.0f} ms puis {many * 1000:.0f} ms")
        gain = f"{(one - many) * 1000:+.0f} ms"
        lines.append(f"| {count} | {one * 1000:.0f} ms | {many * 1000:.0f} ms | {gain} |")
    gc.enable()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    with tempfile.TemporaryDirectory(prefix="passerelles-validate-") as folder:
        work = Path(folder)
        content = args.content
        if content is None:
            content = work / "contenu"
            log(f"contenu synthétique de {args.actions} actions…")
            write_content(content, args.actions, args.seed)
        if args.threshold:
            table = threshold(
                content, [int(n) for n in args.files.split(",")], args.runs, args.jobs
            )
        else:
            table = compare(content, args.runs, args.jobs, work)
        end = os.getloadavg()
    print(table)
    print()
    for key, value in machine().items():
        print(f"- {key} : {value}")
    print(f"- charge moyenne à la fin : {end[0]:.2f}".replace(".", ","))
    print(f"- fin : {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

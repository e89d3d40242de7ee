"""Benchmark of Passerelles at scale (issue 18): see bench/README.md.

    python bench/run.py [--sizes 100,1000,5000] [--runs 3] [--baseline-full-nav]

For each N, synthetic content (bench/synthetic.py) is written into a temporary
folder, then each step runs in its own process, with the worktree's code
(`sys.executable -m generator.commands.cli`, run from the worktree):

- validate: `passerelles validate --content DIR`, wall time of the process;
- generate: `generator.generate.pipeline.generate(content, docs_dir)` into an empty folder;
- build: `passerelles build --content DIR --site SITE` from nothing (no build/docs,
  no site), wall time; MkDocs alone is timed inside it (bench/instrumented.py);
- peak memory: max RSS of that build process (its rusage from os.wait4);
- sizes: the site, the search index (search/), one action page, one kit catalogue;
- rebuild: the same `passerelles build` again, nothing changed;
- edit loop: a real `passerelles serve`, one action's title changed in its YAML,
  time until the served page of that action shows the new title.

Each figure is the median of --runs runs; the table is printed in Markdown.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from synthetic import write_content  # noqa: E402

from generator.check.cache import CACHE_DIR_ENV  # noqa: E402

SOURCE_DATE_EPOCH = "1700000000"  # fixed: every build of the same content is the same
KIT_DIR = "equipes"  # the teams kit's folder in the site


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Outcome:
    seconds: float
    cpu_seconds: float
    exit: int
    max_rss_kb: int  # the largest of the process and the children it waited for
    tree_kb: int  # the peak of the sum of their memory (Pss), sampled
    indexer_kb: int = 0  # Pagefind's own peak (its VmHWM), exact, 0 if it did not run
    report: dict[str, Any] = field(default_factory=dict)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def descendants(pid: int) -> list[int]:
    """`pid` and every process it started (the build's page converters), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(child) for child in task.read_text().split())
    return found


def proportional_kb(pid: int) -> int:
    """The process's proportional memory (Pss): pages shared after a fork counted once."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(match.group(1)) if match else 0


# Reading smaps_rollup walks the page tables: not too often, but often enough to catch
# Pagefind's peak, which lasts about half a second at 5,000 actions
SAMPLE_SECONDS = 0.25
INDEXER = "pagefind"  # the search indexer's process name, as /proc/PID/comm gives it


def indexer_high_water_kb(pid: int) -> int:
    """The peak resident memory (VmHWM) of `pid` if it is the search indexer, else 0: the
    kernel keeps it exactly, and the indexer shares no memory with the build."""
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != INDEXER:
            return 0
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else 0


class TreeMemory:
    """The peak, sampled every SAMPLE_SECONDS, of the memory of a process and its children;
    and the search indexer's own peak, exact."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self.indexer_kb = pid, 0, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            pids = descendants(self.pid)
            total = sum(proportional_kb(pid) for pid in pids)
            self.peak_kb = max(self.peak_kb, total)
            self.indexer_kb = max([self.indexer_kb, *map(indexer_high_water_kb, pids)])

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.peak_kb


def run(argv: list[str], logfile: Path, **extra_env: str) -> Outcome:
    """Run one process from the worktree; its wall time, exit code and max RSS."""
    report = logfile.with_suffix(".json")
    report.unlink(missing_ok=True)
    env = child_env(BENCH_REPORT=str(report), **extra_env)
    with logfile.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        memory = TreeMemory(proc.pid)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_kb = memory.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    outcome = Outcome(seconds, cpu, proc.returncode, usage.ru_maxrss, tree_kb, memory.indexer_kb)
    if report.is_file():
        outcome.report = json.loads(report.read_text("utf-8"))
    if outcome.exit != 0:
        tail = logfile.read_text("utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(argv[1:4])}… a échoué ({outcome.exit}) :\n{tail}")
    return outcome


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.commands.cli", *args]


def instrumented(*args: str) -> list[str]:
    return [sys.executable, str(BENCH / "instrumented.py"), *args]


GENERATE = (
    "import json, sys\nfrom pathlib import Path\nfrom generator.generate.pipeline import generate\n"
    "nav = generate(Path(sys.argv[1]), Path(sys.argv[2])).site.nav\n"
    "Path(sys.argv[3]).write_text(json.dumps(nav, ensure_ascii=False), 'utf-8')\n"
)


def bare_config(docs: Path, nav: Path, folder: Path) -> Path:
    """The bare MkDocs + Material site of a generated tree: the stock theme in French, the
    project's Markdown extensions and sidebar, MkDocs' default plugins (Material's search),
    no plugin of ours, no overrides, no CSS or script of ours."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config = {
        "site_name": "MkDocs nu",
        "docs_dir": str(docs),
        "theme": {"name": "material", "language": "fr"},
        "markdown_extensions": project["markdown_extensions"],
        "nav": json.loads(nav.read_text("utf-8")),
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


# --------------------------------------------------------------------------- sizes


def tree_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def measured_action(content: Path) -> str:
    """The action whose page is weighed and edited: the first synthetic one of the teams kit."""
    for file in sorted((content / "kits" / "actions").glob("*.yml")):
        text = file.read_text("utf-8")
        if re.search(r"-\d+$", file.stem) and re.search(r"^for_teams:", text, re.M):
            return file.stem
    raise RuntimeError("aucune action synthétique dans le kit des équipes")


def sizes(site: Path, action: str) -> dict[str, float]:
    total, count = tree_bytes(site)
    return {
        "site_mb": total / 1e6,
        "site_files": count,
        # the whole search folder: Material's settings (search_index.json) and, since the
        # French search, the documents loaded at the first query (search_docs.js)
        "search_index_mb": sum(p.stat().st_size for p in (site / "search").iterdir()) / 1e6,
        "action_page_kb": (site / KIT_DIR / "actions" / action / "index.html").stat().st_size / 1e3,
        "kit_page_kb": (site / KIT_DIR / "index.html").stat().st_size / 1e3,
    }


# --------------------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, needle: str, proc: subprocess.Popen[bytes], timeout: float) -> float:
    """Poll `url` until it contains `needle`; the time it took."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"passerelles serve s'est arrêté ({proc.returncode})")
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise RuntimeError(f"{url} : « {needle} » toujours absent après {timeout:.0f} s")


@contextlib.contextmanager
def serving(
    content: Path, logfile: Path, env: dict[str, str]
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    argv = cli("serve", "--content", str(content), "--dev-addr", f"127.0.0.1:{port}")
    with logfile.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=child_env(**env), stdout=out, stderr=out)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def retitled(yaml_bytes: bytes, token: str) -> bytes:
    """The same action file with `token` added to its title (the first line `title:`)."""
    text = yaml_bytes.decode("utf-8")
    match = re.search(r"^title: (.*)$", text, re.M)
    if match is None:
        raise RuntimeError("pas de ligne « title: » dans l'action mesurée")
    title = str(yaml.safe_load(match.group(0))["title"])
    line = "title: " + json.dumps(f"{title} {token}", ensure_ascii=False)
    return (text[: match.start()] + line + text[match.end() :]).encode("utf-8")


def edit_loop(
    content: Path, action: str, logfile: Path, timeout: float, env: dict[str, str]
) -> dict[str, float]:
    """Seconds from `serve` start to the first page, and from one save to its page rebuilt."""
    source = content / "kits" / "actions" / f"{action}.yml"
    original = source.read_bytes()
    token = f"Banc{int(time.time() * 1000) % 10**8:08d}"
    page = f"/{KIT_DIR}/actions/{action}/"
    start = time.perf_counter()
    try:
        with serving(content, logfile, env) as (url, proc):
            wait_for(url + page, "<html", proc, timeout)
            first = time.perf_counter() - start
            cpu = cpu_seconds(proc.pid)
            source.write_bytes(retitled(original, token))
            seconds = wait_for(url + page, token, proc, timeout)
            cpu = cpu_seconds(proc.pid) - cpu
    finally:
        source.write_bytes(original)
    return {"serve_first_page_s": first, "edit_to_page_s": seconds, "edit_to_page_cpu_s": cpu}


# --------------------------------------------------------------------------- one run


def reader_figures(site: Path, logfile: Path) -> dict[str, float]:
    """A kit page's first paint and a first search on a throttled phone (bench/reader.py)."""
    with logfile.open("wb") as out:
        done = subprocess.run(
            [sys.executable, str(BENCH / "reader.py"), str(site)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=out,
            check=False,
        )
    if done.returncode != 0:
        tail = logfile.read_text("utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"bench/reader.py a échoué ({done.returncode}) :\n{tail}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def one_run(
    content: Path, work: Path, action: str, serve: bool, reader: bool, bare_first: bool
) -> dict[str, float]:
    """One measure of every step. The build and bare MkDocs run one right after the other
    (the reader's measures come after both), bare MkDocs first when `bare_first`: over
    the runs, the order alternates, so that a machine slowing down or speeding up in the
    meantime does not always favour the same side of their ratio."""
    site = work / "site"
    shutil.rmtree(content / "build", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    figures: dict[str, float] = {"load_1min": os.getloadavg()[0]}
    # each cold step starts with an empty validation cache (generator/check/cache.py)
    caches = {step: work / f"cache-{step}" for step in ("validate", "generate", "build")}
    for folder in caches.values():
        shutil.rmtree(folder, ignore_errors=True)
    validate_args = cli("validate", "--content", str(content))
    for prefix in ("", "cached_"):  # the second finds the cache the first wrote
        env = {CACHE_DIR_ENV: str(caches["validate"])}
        validate = run(validate_args, work / f"{prefix}validate.log", **env)
        figures[f"validate_{prefix}s"] = validate.seconds
        figures[f"validate_{prefix}cpu_s"] = validate.cpu_seconds
    nav = work / "nav.json"
    generate = run(
        [sys.executable, "-c", GENERATE, str(content), str(docs), str(nav)],
        work / "generate.log",
        **{CACHE_DIR_ENV: str(caches["generate"])},
    )
    figures["generate_s"], figures["generate_cpu_s"] = generate.seconds, generate.cpu_seconds
    build_args = ("build", "--content", str(content), "--site", str(site))
    build_env = {CACHE_DIR_ENV: str(caches["build"])}
    bare = bare_build(docs, nav, work) if bare_first else None
    cold = run(instrumented(*build_args), work / "build.log", **build_env)
    bare = bare or bare_build(docs, nav, work)
    figures.update(build_figures(cold, ""))
    figures["bare_first"] = float(bare_first)
    figures["bare_s"], figures["bare_cpu_s"] = bare.seconds, bare.cpu_seconds
    figures["bare_peak_mb"] = bare.tree_kb / 1024
    figures["build_vs_bare"] = cold.seconds / bare.seconds
    figures["build_vs_bare_cpu"] = cold.cpu_seconds / bare.cpu_seconds
    figures.update(sizes(site, action))
    if reader:
        figures.update(reader_figures(site, work / "reader.log"))
    again = run(instrumented(*build_args), work / "rebuild.log", **build_env)
    figures.update(build_figures(again, "rebuild_"))
    if serve:
        figures.update(edit_loop(content, action, work / "serve.log", timeout=1800, env=build_env))
    return figures


def bare_build(docs: Path, nav: Path, work: Path) -> Outcome:
    """Bare MkDocs + Material building the generated tree (`bare_config`), timed."""
    bare_site = work / "site-bare"
    shutil.rmtree(bare_site, ignore_errors=True)
    bare_args = ["-m", "mkdocs", "build", "-q", "-f", str(bare_config(docs, nav, work / "bare"))]
    bare = run([sys.executable, *bare_args, "-d", str(bare_site)], work / "bare.log")
    shutil.rmtree(bare_site, ignore_errors=True)
    return bare


def build_figures(outcome: Outcome, prefix: str) -> dict[str, float]:
    figures = {
        f"{prefix}build_s": outcome.seconds,
        f"{prefix}build_cpu_s": outcome.cpu_seconds,
        f"{prefix}peak_rss_mb": outcome.max_rss_kb / 1024,
        f"{prefix}peak_tree_mb": outcome.tree_kb / 1024,
        f"{prefix}indexer_peak_mb": outcome.indexer_kb / 1024,
    }
    times = outcome.report
    builds = times.get("mkdocs_build", [])
    figures[f"{prefix}mkdocs_runs"] = len(builds)
    if builds:
        inside = sum(times.get("generate_in_build", []))
        figures[f"{prefix}mkdocs_s"] = sum(builds) - inside
        inside_cpu = sum(times.get("generate_in_build_cpu", []))
        figures[f"{prefix}mkdocs_cpu_s"] = sum(times.get("mkdocs_build_cpu", [])) - inside_cpu
    return figures


def full_nav_run(content: Path, work: Path, action: str) -> dict[str, float]:
    """The baseline: one build with every action page in the sidebar."""
    site = work / "site-full-nav"
    shutil.rmtree(content / "build", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    build_args = ("build", "--content", str(content), "--site", str(site))
    cache = work / "cache-full-nav"  # from an empty validation cache, as the measured build
    shutil.rmtree(cache, ignore_errors=True)
    env = {CACHE_DIR_ENV: str(cache), "BENCH_FULL_NAV": "1"}
    outcome = run(instrumented(*build_args), work / "build-full-nav.log", **env)
    figures = {**build_figures(outcome, ""), **sizes(site, action)}
    shutil.rmtree(site, ignore_errors=True)
    return figures


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = {key for figures in runs for key in figures}
    return {key: statistics.median(f[key] for f in runs if key in f) for key in sorted(keys)}


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text("utf-8") if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text("utf-8") if Path("/proc/meminfo").exists() else ""
    ram = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "processeur": model.group(1) if model else platform.processor(),
        "cœurs": f"{len(os.sched_getaffinity(0))} utilisables ({os.cpu_count()} au total)",
        "mémoire": f"{number(int(ram.group(1)) / 1024**2, 1)} Gio" if ram else "?",
        "système": platform.platform(),
        "Python": platform.python_version(),
        "mkdocs": importlib.metadata.version("mkdocs"),
        "mkdocs-material": importlib.metadata.version("mkdocs-material"),
        "charge moyenne au départ": " / ".join(number(x, 2) for x in os.getloadavg()),
        "code mesuré": commit or "?",
    }


def number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def cell(figures: dict[str, float], key: str) -> str:
    if key not in figures:
        return "—"
    value = figures[key]
    if key.endswith("_s"):
        text = f"{number(value, 1 if value < 100 else 0)} s"
        cpu = figures.get(key.removesuffix("_s") + "_cpu_s")
        return text if cpu is None else f"{text} ({number(cpu, 1 if cpu < 100 else 0)} s CPU)"
    if key.startswith("build_vs_bare"):
        cpu = figures.get("build_vs_bare_cpu")
        text = number(value, 2)
        return text if cpu is None else f"{text} (CPU {number(cpu, 2)})"
    if key.endswith("_mb"):
        return f"{number(value, 1)} Mo"
    if key.endswith("_kb"):
        return f"{number(value, 0)} ko"
    return number(value, 0)


COLUMNS = (
    ("validate", "validate_s"),
    ("validate, cache écrit", "validate_cached_s"),
    ("generate", "generate_s"),
    ("MkDocs seul", "mkdocs_s"),
    ("build complet", "build_s"),
    ("MkDocs nu", "bare_s"),
    ("build / MkDocs nu", "build_vs_bare"),
    ("pic mémoire (build)", "peak_tree_mb"),
    ("pic de Pagefind", "indexer_peak_mb"),
    ("build sans changement", "rebuild_build_s"),
    ("serve : enregistrement → page", "edit_to_page_s"),
    ("site", "site_mb"),
    ("search/ (index)", "search_index_mb"),
    ("page d'action", "action_page_kb"),
    ("catalogue du kit", "kit_page_kb"),
    ("téléphone : catalogue, premier affichage", "kit_first_paint_s"),
    ("téléphone : catalogue, reçu au chargement", "kit_load_kb"),
    ("téléphone : première recherche", "search_first_s"),
    ("téléphone : première recherche, reçu", "search_first_kb"),
)
BASELINE_COLUMNS = (
    ("MkDocs seul", "mkdocs_s"),
    ("build complet", "build_s"),
    ("pic mémoire (build)", "peak_rss_mb"),
    ("site", "site_mb"),
    ("page d'action", "action_page_kb"),
)


def table(rows: dict[int, dict[str, float]], columns: tuple[tuple[str, str], ...]) -> str:
    lines = [
        "| actions | " + " | ".join(title for title, _key in columns) + " |",
        "|---:|" + "---:|" * len(columns),
    ]
    for n, figures in rows.items():
        cells = [cell(figures, key) for _title, key in columns]
        lines.append(f"| {number(n, 0)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def content_counts(content: Path) -> str:
    def count(pattern: str) -> int:
        return sum(1 for _ in content.glob(pattern))

    return (
        f"{count('kits/actions/*.yml')} actions, {count('kits/partners/*.yml')} partenaires, "
        f"{count('kits/interlocutors/*.yml')} interlocuteurs, {count('mooc/*/course.yml')} "
        f"formations, {count('mooc/*/lessons/*.yml')} leçons"
    )


# --------------------------------------------------------------------------- main


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Banc d'essai de Passerelles à grande échelle.")
    parser.add_argument("--sizes", default="100,1000,5000", help="nombres d'actions (100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="mesures par taille (médiane)")
    parser.add_argument("--seed", type=int, default=18, help="graine du contenu synthétique")
    parser.add_argument(
        "--baseline-full-nav",
        nargs="?",
        const="100,1000",
        default="",
        metavar="TAILLES",
        help="construit aussi une fois avec toutes les actions dans le menu latéral, pour ces "
        "tailles (défaut : 100,1000 ; à 5 000, le site dépasserait des dizaines de Go)",
    )
    parser.add_argument("--no-serve", action="store_true", help="sans la mesure de serve")
    parser.add_argument(
        "--no-reader", action="store_true", help="sans les mesures du téléphone (bench/reader.py)"
    )
    parser.add_argument("--json", type=Path, help="écrit aussi toutes les mesures en JSON")
    parser.add_argument(
        "--keep", type=Path, help="dossier de travail conservé (défaut : temporaire)"
    )
    args = parser.parse_args(argv)
    args.sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
    args.baseline_full_nav = [int(n) for n in args.baseline_full_nav.split(",") if n.strip()]
    return args


def bench_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    content = work / f"content-{n}"
    start = time.perf_counter()
    write_content(content, n, args.seed)
    log(f"N = {n} : {content_counts(content)} écrits en {time.perf_counter() - start:.1f} s")
    action = measured_action(content)
    runs = []
    serve, reader = not args.no_serve, not args.no_reader
    for i in range(args.runs):
        runs.append(one_run(content, work, action, serve, reader, bare_first=i % 2 == 1))
        log(
            f"  mesure {i + 1}/{args.runs} : "
            + ", ".join(f"{k}={v:.2f}" for k, v in runs[-1].items())
        )
    result: dict[str, Any] = {
        "counts": content_counts(content),
        "runs": runs,
        "median": medians(runs),
    }
    if n in args.baseline_full_nav:
        result["full_nav"] = full_nav_run(content, work, action)
        log("  menu complet : " + ", ".join(f"{k}={v:.2f}" for k, v in result["full_nav"].items()))
    shutil.rmtree(work / "site", ignore_errors=True)
    if args.keep is None:
        shutil.rmtree(content, ignore_errors=True)
    return result


def report(
    results: dict[int, dict[str, Any]], about: dict[str, str], args: argparse.Namespace
) -> str:
    parts = [
        f"Médianes de {args.runs} mesure{'s' if args.runs > 1 else ''} par taille "
        f"(graine {args.seed}). Durées : temps écoulé (temps CPU du processus entre "
        "parenthèses : il varie moins quand la machine est chargée).",
        "",
        table({n: r["median"] for n, r in results.items()}, COLUMNS),
        "",
    ]
    baseline = {n: r["full_nav"] for n, r in results.items() if "full_nav" in r}
    if baseline:
        parts += [
            "Référence : une construction avec toutes les pages d'action dans le menu latéral.",
            "",
            table(baseline, BASELINE_COLUMNS),
            "",
        ]
    parts += [f"- {n} : {r['counts']}" for n, r in results.items()]
    parts += [""] + [f"- {key} : {value}" for key, value in about.items()]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    about = machine()
    work = args.keep or Path(tempfile.mkdtemp(prefix="passerelles-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, Any]] = {}
    try:
        for n in args.sizes:
            results[n] = bench_size(n, args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": about, "results": results}, indent=2), "utf-8")
    print(report(results, about, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

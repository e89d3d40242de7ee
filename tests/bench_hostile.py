"""Benchmark of the heaviest hostile inputs: time and memory, printed (not a test).

    python tests/bench_hostile.py

Each case is loaded the way `passerelles validate` loads a file (`parse`) or,
for Markdown, checked the way it checks a field (`prose_rules.inspect`). The
« billion laughs » file must fail in well under a second without expanding:
its memory peak stays at a few hundred kilobytes, where the expanded document
would hold 10⁹ strings.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.check.validate import validate  # noqa: E402
from generator.check.yaml_reader import LoadError, parse  # noqa: E402
from generator.diagnostics.errors import ContentError  # noqa: E402
from generator.markdown import rules as prose_rules  # noqa: E402


def billion_laughs() -> bytes:
    lines = [b"lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join(f"*lol{i - 1}" for _ in range(9)).encode()
        lines.append(f"lol{i}: &lol{i} [".encode() + refs + b"]")
    return b"\n".join(lines) + b"\n"


def outcome(call: Callable[[], object]) -> str:
    try:
        result = call()
    except (LoadError, ContentError) as exc:
        return f"refusé : {str(exc).splitlines()[0][:70]}"
    if isinstance(result, list) and result:
        return f"refusé : {result[0].message[:70]}"
    return "accepté"


def measure(name: str, call: Callable[[], object]) -> None:
    """Time without tracing (tracemalloc slows Python down), then the memory peak."""
    start = time.perf_counter()
    result = outcome(call)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    outcome(call)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{name:34s} {elapsed * 1000:9.1f} ms {peak / 1e6:8.2f} Mo   {result}")


def findings(text: str) -> list[prose_rules.Finding]:
    return prose_rules.inspect(text)[0]


def main() -> None:
    print(f"{'cas':34s} {'temps':>12s} {'pic mémoire':>11s}   résultat")
    measure("billion laughs (10⁹ éléments)", lambda: parse("f.yml", billion_laughs()))
    title = b"title: " + b"A" * 1_048_576 + b"\n"
    measure("titre de 1 Mo", lambda: parse("f.yml", title))
    measure("fichier de 2 Mo + 1 octet", lambda: parse("f.yml", b"#" * 2_000_001))
    measure("imbrication [ × 10 000", lambda: parse("f.yml", b"a: " + b"[" * 10_000))
    measure("imbrication - × 10 000", lambda: parse("f.yml", b"a:\n" + b"- " * 10_000 + b"x"))
    keys = b"".join(b"k%d: v\n" % i for i in range(100_000))
    measure("100 000 clés", lambda: parse("f.yml", keys))
    measure("Markdown : 20 000 « [ »", lambda: findings("[" * 20_000))
    measure("Markdown : - × 9 000 (listes)", lambda: findings("- " * 9_000 + "x"))
    measure("Markdown : > × 9 000 (citations)", lambda: findings("> " * 9_000 + "x"))
    measure("Markdown : 1 200 liens", lambda: findings("[a](https://a.b) " * 1_200))
    measure("Markdown : {: × 6 000", lambda: findings("{: " * 6_000))
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "contenu"
        shutil.copytree(ROOT / "tests/fixtures/minimal", content)
        corpus = ROOT / "tests/fixtures/hostile"
        (source,) = corpus.glob("*-billion-laughs/kits/interlocutors/tuteur.yml")
        shutil.copyfile(source, content / "kits/interlocutors/tuteur.yml")
        measure("validate : contenu + billion laughs", lambda: validate(content))
        for folder in ("kits", "mooc"):
            shutil.rmtree(content / folder)
            shutil.copytree(ROOT / folder, content / folder)
        measure("validate : contenu livré", lambda: validate(content))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pic mémoire du processus : {peak:.0f} Mo")


if __name__ == "__main__":
    main()

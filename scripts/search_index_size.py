"""Size of the search index as the catalogue grows: the shipped content plus copies of
its actions under new identifiers, up to N actions, built for real.

    python scripts/search_index_size.py [--actions 1000 5000]

Prints, for each N, what every page fetches (search_index.json: Material's settings, no
document) and what the search worker loads on the first query (search_docs.js), raw and
gzip-compressed. A measuring script, not a test; a 5,000-action build takes minutes.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_content(target: Path, total: int) -> int:
    """The shipped kits/ and mooc/, with copies of the shipped actions up to `total`."""
    for folder in ("kits", "mooc"):
        shutil.copytree(ROOT / folder, target / folder)
    actions = sorted((target / "kits" / "actions").glob("*.yml"))
    copies = max(0, total - len(actions))
    for n in range(copies):
        source = actions[n % len(actions)]
        text = source.read_text("utf-8")
        copy = source.with_name(f"{source.stem}-copie-{n // len(actions) + 1}.yml")
        copy.write_text(text.replace("title: ", f"title: Copie {n // len(actions) + 1}, ", 1))
    return len(actions) + copies


def measure(total: int, work: Path) -> dict[str, float]:
    content = work / f"contenu-{total}"
    actions = write_content(content, total)
    site = work / f"site-{total}"
    started = time.perf_counter()
    command = [sys.executable, "-m", "generator.commands.cli", "build", "--content", str(content)]
    subprocess.run(
        [*command, "--site", str(site)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    sizes: dict[str, float] = {"actions": actions, "build (s)": time.perf_counter() - started}
    for name in ("search_index.json", "search_docs.js"):
        data = (site / "search" / name).read_bytes()
        sizes[name] = len(data)
        sizes[f"{name} gzip"] = len(gzip.compress(data, 6))
    shutil.rmtree(content)
    shutil.rmtree(site)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for total in args.actions:
            rows.append(measure(total, Path(tmp)))
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        cells = [f"{row[k]:.0f}" if k == "build (s)" else f"{row[k]:,.0f}" for k in keys]
        print("| " + " | ".join(c.replace(",", " ") for c in cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a `passerelles build` spends its time: cProfile, summarised by stage.

    python bench/profile.py --actions 1000 [--out build.pstats] [--content DIR]

Writes synthetic content of N actions (or uses --content), profiles
`generator.commands.cli.main(["build", …])` on it in a child process (not the `passerelles`
program, which exits at once and would leave cProfile no time to write OUT),
then prints the cumulative time of each stage (our generation, MkDocs' files,
navigation, Markdown, templates, search, copies…) and the exclusive time of
the busiest modules. cProfile slows Python code down (about 1.5 to 2 times):
compare the shares, not the seconds, with bench/run.py's figures.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import child_env  # noqa: E402
from synthetic import write_content  # noqa: E402

# (indent, label, file suffix, function[, caller's file suffix, caller]): cumulative time of
# that function over all its calls, or over the calls made by that caller only.
STAGES: tuple[tuple[Any, ...], ...] = (
    (0, "passerelles build (tout)", "generator/commands/cli.py", "main"),
    (1, "mkdocs load_config", "mkdocs/config/base.py", "load_config"),
    (1, "mkdocs build()", "mkdocs/commands/build.py", "build"),
    (2, "on_pre_build : notre génération", "generator/mkdocs/plugin.py", "on_pre_build"),
    (3, "validate", "generator/check/validate.py", "validate"),
    (4, "load_file (lecture + YAML)", "generator/check/yaml_reader.py", "load_file"),
    (4, "Markdown de contrôle (markdown.site_html)", "markdown/core.py", "convert", "generator/markdown/site_html.py", "site_html"),
    (3, "plan", "generator/plan/__init__.py", "plan"),
    (4, "relative() → posixpath.relpath", "generator/plan/paths.py", "relative"),
    (3, "render (Jinja → Markdown)", "generator/render/jinja.py", "render"),
    (4, "Template.render (nos gabarits)", "jinja2/environment.py", "render", "generator/render/jinja.py", "render_page"),
    (4, "front matter : yaml.dump", "generator/render/jinja.py", "_front_matter"),
    (3, "write_tree", "generator/render/write.py", "write_tree"),
    (3, "paquets des formations", "generator/generate/pipeline.py", "_published_packages"),
    (2, "get_files", "mkdocs/structure/files.py", "get_files"),
    (2, "get_navigation", "mkdocs/structure/nav.py", "get_navigation"),
    (2, "_populate_page (lecture + Markdown)", "mkdocs/commands/build.py", "_populate_page"),
    (3, "Markdown.convert (pages)", "markdown/core.py", "convert", "mkdocs/structure/pages.py", "render"),
    (3, "front matter : lecture YAML", "mkdocs/utils/meta.py", "get_data"),
    (3, "notre on_page_content (sigles en toutes lettres)", "generator/mkdocs/plugin.py", "on_page_content"),
    (2, "copy_static_files", "mkdocs/structure/files.py", "copy_static_files"),
    (2, "_build_theme_template (404, sitemap…)", "mkdocs/commands/build.py", "_build_theme_template"),
    (2, "_build_page (gabarits, par page)", "mkdocs/commands/build.py", "_build_page"),
    (3, "Template.render (gabarits de Material)", "jinja2/environment.py", "render", "mkdocs/commands/build.py", "_build_page"),
    (3, "recherche : on_page_context (HTML → index)", "material/plugins/search/plugin.py", "on_page_context"),
    (3, "write_file", "mkdocs/utils/__init__.py", "write_file"),
    (2, "recherche de Material : on_post_build", "material/plugins/search/plugin.py", "on_post_build"),
    (2, "notre on_post_build (index de recherche réécrit)", "generator/mkdocs/plugin.py", "on_post_build"),
    (1, "swap (remplacement du site)", "generator/publish/site.py", "swap"),
)  # fmt: skip


# the child: OUT, then the command's arguments
_PROFILED = (
    "import cProfile, sys; from generator.commands.cli import main; "
    "cProfile.run('main(sys.argv[2:])', sys.argv[1])"
)


def profile(content: Path, out: Path, site: Path) -> float:
    env = child_env()
    argv = [sys.executable, "-c", _PROFILED, str(out), "build"]
    argv += ["--content", str(content), "--site", str(site)]
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cumulative(stats: pstats.Stats, suffix: str, function: str, *caller: str) -> tuple[int, float]:
    """Calls and cumulative seconds of a function, from one caller only if one is given."""
    calls, seconds = 0, 0.0
    for (filename, _line, name), (primitive, _n, _tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name != function or not filename.endswith(suffix):
            continue
        if not caller:
            calls, seconds = calls + primitive, seconds + ct
            continue
        for (c_file, _c_line, c_name), (c_primitive, _cn, _ctt, c_ct) in callers.items():
            if c_name == caller[1] and c_file.endswith(caller[0]):
                calls, seconds = calls + c_primitive, seconds + c_ct
    return calls, seconds


def module_of(filename: str) -> str:
    for marker in ("site-packages/", "/lib/python3", str(ROOT) + "/"):
        if marker in filename:
            tail = filename.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    return filename


def exclusive_by_module(stats: pstats.Stats, top: int) -> list[tuple[str, float]]:
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_p, _n, tt, _ct, _c) in stats.stats.items():  # type: ignore[attr-defined]
        totals[module_of(filename)] += tt
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def summary(path: Path, top: int) -> str:
    stats = pstats.Stats(str(path))
    total = cumulative(stats, "generator/commands/cli.py", "main")[1] or 1.0
    lines = ["| étape | appels | cumulé (s) | part |", "|---|---:|---:|---:|"]
    for indent, label, *where in STAGES:
        calls, seconds = cumulative(stats, *where)
        name = "\u2003" * indent + label
        lines.append(f"| {name} | {calls} | {seconds:.1f} | {seconds / total:.0%} |")
    lines += ["", "| module (temps exclusif) | s | part |", "|---|---:|---:|"]
    for module, seconds in exclusive_by_module(stats, top):
        lines.append(f"| {module} | {seconds:.1f} | {seconds / total:.0%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description="Profil d'un passerelles build (cProfile).")
    cli.add_argument("--actions", type=int, default=1000, help="taille du contenu synthétique")
    cli.add_argument("--content", type=Path, help="contenu existant (au lieu du synthétique)")
    cli.add_argument("--out", type=Path, default=Path("build.pstats"), help="profil écrit")
    cli.add_argument("--top", type=int, default=25, help="modules les plus coûteux affichés")
    args = cli.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="passerelles-profile-") as tmp:
        content = args.content or Path(tmp) / "content"
        if args.content is None:
            write_content(content, args.actions)
        seconds = profile(content.resolve(), args.out.resolve(), Path(tmp) / "site")
    print(f"Build profilé en {seconds:.1f} s ; profil : {args.out}\n")
    print(summary(args.out, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Pages converted in a process pool (generator/mkdocs/parallel.py) give the same site, byte for
byte, as pages converted one by one in MkDocs' process, and the same warnings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from export_support import EPOCH as SHARED_EPOCH
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from support import copy_shipped_content, run_build

from generator.generate import pipeline
from generator.mkdocs import parallel
from generator.run import processes

# the date of the shared builds (tests/conftest.py), as the variable holds it
EPOCH = str(SHARED_EPOCH)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_shipped_content_built_in_a_pool_is_the_one_process_build(
    tmp_path: Path, dated_sites: tuple[Path, Path]
) -> None:
    """The pool's build against the one-process build of tests/conftest.py (same date)."""
    content = copy_shipped_content(tmp_path / "content")
    pooled = run_build(
        content,
        tmp_path / "pool",
        env={
            "SOURCE_DATE_EPOCH": EPOCH,
            parallel.JOBS_VARIABLE: "2",
            parallel.MIN_PAGES_VARIABLE: "1",
        },
    )
    assert pooled.returncode == 0, pooled.stderr
    assert "converties par 2 processus" in pooled.stderr  # the pool did convert the pages
    assert "mises en page par 2 processus" in pooled.stderr  # and render their templates
    assert "pages rendues par 2 processus" in pooled.stderr  # and the generation's pages
    single, several = tree(dated_sites[0]), tree(tmp_path / "pool")
    assert sorted(single) == sorted(several)
    different = [name for name in single if single[name] != several[name]]
    assert different == []
    assert len(single) > 100


def _docs(tmp_path: Path) -> Path:
    """A tiny MkDocs site whose pages link to a page and an anchor that do not exist."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Accueil\n\n## Section\n\nVoir [la fiche](fiche.md).\n")
    (docs / "fiche.md").write_text(
        "# Fiche\n\nVoir [rien](absente.md) et [l'ancre](index.md#nulle-part).\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Essai\nmarkdown_extensions:\n  - toc:\n      permalink: true\n"
        "validation:\n  links:\n    not_found: warn\n    anchors: warn\n"
    )
    return docs


def _site(tmp_path: Path) -> tuple[Any, Any]:
    """The tiny site's config, and its files with their navigation's pages."""
    _docs(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    return config, _files(config)


def _files(config: Any) -> Any:
    files = get_files(config)
    get_navigation(files, config)
    return files


def _pool_for_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    monkeypatch.setenv(parallel.MIN_PAGES_VARIABLE, "1")


def _convert_all(config: Any, files: Any, hand: parallel.Prerendered | None) -> dict[str, Any]:
    found = {}
    for file in files.documentation_pages():
        page = file.page if file.page is not None else Page(None, file, config)
        page.read_source(config)
        if hand is not None:
            hand.hand(page)
        page.render(config, files)
        page.validate_anchor_links(files=files, log_level=logging.WARNING)
        found[file.src_uri] = (page.content, str(page.toc), page.title, page.present_anchor_ids)
    return found


def test_a_pooled_page_logs_what_it_would_log_in_its_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, files = _site(tmp_path)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        alone = _convert_all(config, files, None)
    expected = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    # the source's own words: a missing page and a missing anchor
    assert any("absente.md" in message for _, _, message in expected)
    assert any("nulle-part" in message for _, _, message in expected)

    files = _files(config)
    _pool_for_any_size(monkeypatch)
    pool = parallel.prerender(config, files, preview=False)
    assert pool is not None
    # what the conversion logs, not the pool's own line (« N pages converties… »), which
    # a logger left at INFO by an earlier test of the same process would let through
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        pooled = _convert_all(config, files, pool)
    assert pool.pool is None  # every page taken: the workers are gone
    got = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert pooled == alone
    assert got == expected


def test_a_page_changed_after_the_workers_read_it_is_converted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, files = _site(tmp_path)
    _pool_for_any_size(monkeypatch)
    pool = parallel.prerender(config, files, preview=False)
    assert pool is not None
    page = files.get_file_from_path("index.md").page
    page.read_source(config)
    page.markdown = "# Autre titre\n"  # as a plugin's on_page_markdown may do
    pool.hand(page)
    page.render(config, files)
    assert page.title == "Autre titre"
    assert "Section" not in page.content
    parallel.finish()


def test_no_pool_for_a_preview_one_process_or_few_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, files = _site(tmp_path)
    _pool_for_any_size(monkeypatch)
    assert parallel.prerender(config, files, preview=True) is None
    monkeypatch.setenv(parallel.MIN_PAGES_VARIABLE, "3")  # the site has 2 pages
    assert parallel.prerender(config, files, preview=False) is None
    monkeypatch.setenv(parallel.MIN_PAGES_VARIABLE, "1")
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel.prerender(config, files, preview=False) is None


def _converted(config: Any) -> tuple[Any, Any, Any]:
    """The tiny site's files, navigation and template environment, its pages converted."""
    config.plugins.on_pre_build(config=config)  # the search plugin starts its index
    files = get_files(config)
    nav = get_navigation(files, config)
    env = config.theme.get_env()
    for file in files.documentation_pages():
        page = file.page if file.page is not None else Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
    return files, nav, env


def _page_html(config: Any, files: Any, nav: Any, env: Any, page: Any) -> str:
    """A page's template rendered as MkDocs' `_build_page` renders it."""
    page.active = True
    try:
        context = get_context(nav, files.documentation_pages(), config, page)
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return str(env.get_template("main.html").render(context))
    finally:
        page.active = False


def test_a_page_rendered_in_the_pool_is_the_one_this_process_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the theme writes the build's date
    _docs(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files, nav, env = _converted(config)
    pages = [file.page for file in files.documentation_pages()]
    alone = {page.file.src_uri: _page_html(config, files, nav, env, page) for page in pages}
    assert all("<html" in html for html in alone.values())
    _pool_for_any_size(monkeypatch)
    pool = parallel.prebuild(config, files, nav, env, preview=False)
    assert pool is not None
    pooled = {page.file.src_uri: _page_html(config, files, nav, env, page) for page in pages}
    assert pool.taken == len(pages)  # each page took the worker's HTML
    assert pool.pool is None  # every page taken: the workers are gone
    assert pooled == alone


def test_a_plugin_this_module_does_not_know_keeps_the_templates_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _docs(tmp_path)
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files, nav, env = _converted(config)
    _pool_for_any_size(monkeypatch)
    assert parallel.prebuild(config, files, nav, env, preview=True) is None
    # a page_context handler that could carry state from one page to the next
    config.plugins.events["page_context"].append(lambda context, **_: context)
    assert parallel.prebuild(config, files, nav, env, preview=False) is None
    config.plugins.events["page_context"].pop()
    started = parallel.prebuild(config, files, nav, env, preview=False)
    assert started is not None
    parallel.finish()


def test_packages_and_pages_made_on_other_cores_are_the_ones_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = copy_shipped_content(tmp_path / "content")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    started: list[int] = []

    class Counted(processes.Forked[Any]):
        def __init__(self, calls: Any, count: int) -> None:
            started.append(len(calls))
            super().__init__(calls, count)

    monkeypatch.setattr(pipeline, "Forked", Counted)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    alone = pipeline.generate(content, tmp_path / "one")
    assert started == []
    _pool_for_any_size(monkeypatch)
    pooled = pipeline.generate(content, tmp_path / "forked")
    courses = sorted(p.name for p in (content / "mooc").iterdir() if p.is_dir())
    assert started == [len(courses)]  # every course's packages, made ahead
    assert (alone.processes, pooled.processes) == (1, 2)  # and the pages rendered in a pool
    one, forked = tree(tmp_path / "one"), tree(tmp_path / "forked")
    assert sorted(one) == sorted(forked)
    assert [name for name in one if one[name] != forked[name]] == []
    assert len([name for name in one if name.startswith("telechargements/")]) == 4 * len(courses)
    # the course homes (rendered in this process, once their packages are made) show them
    homes = [outline.home for outline in pooled.site.courses.values()]
    assert len(homes) == len(courses)
    assert all(b"telechargements/" in forked[home] for home in homes)

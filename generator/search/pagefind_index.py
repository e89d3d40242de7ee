"""The served site's search index, written by Pagefind from the documents readers search.

Pagefind (PyPI `pagefind[bin]`, whose wheel carries the binary: nothing is downloaded
when it runs) writes a split index under `pagefind/`: a reader's first search fetches
its entry, the word chunks of the query and the fragments of the results shown, never
the whole index. It needs WebAssembly (`'wasm-unsafe-eval'` in the site's policy) and
`fetch`, so it cannot work from `file://`: the offline copy keeps lunr
(`search_index.py`).

Pagefind is not given the site's HTML pages (350 MB at 5,000 actions, which cost it
2.6 GB of memory) but one small page per search document of `search_index.py`, the
same documents lunr searches: the French rewriting (one document per action, the
shown paragraph, each word of the steps once), the glossary's other forms and a page's
keywords are written once, in that module. Here they become weighted parts of a page:

- the title (`<h1>`, weight 10) and the shown text (weight 1);
- the hidden words (`body`, weight 0.5) and the keywords (weight 5);
- the readers' ways of saying things (`data/synonyms.yml`) on the pages whose title
  holds the site's words of the entry (weight 5): Pagefind stems both sides in French;
- every indexed word folded (no accent, lower case), as the worker folds the query;
- what the search worker shows (the page's title and location, the shown text, the
  title of the page a section belongs to, each kit's view of an action) as Pagefind's
  filters, which each result's data carries but whose words Pagefind does not index. As
  metadata, Pagefind 1.5 would index their words as well, for nothing readers search
  (their words are indexed above, once, folded, weighed): a fifth of its memory at 5,000
  actions. The worker never filters, so it never fetches Pagefind's filter files; the
  `<h1>` stays Pagefind's own title of the page, which it weighs.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import multiprocessing
import multiprocessing.process
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import cbor2
import pagefind.service

from generator.plan import fold
from generator.run import memo
from generator.run.processes import forking, give_back_free_memory, jobs
from generator.search.glossary import expansions
from generator.search.index import STOP_WORDS, SplitIndex, plain, synonyms, word_key

FOLDER = "pagefind"
QUERY_FILE = "passerelles-query.json"
_WORD = re.compile(r"[\w@]+")
LANGUAGE = "fr"

# Words of a reader's question that tell no page apart (besides STOP_WORDS, which the
# lunr index drops too): « est-ce que je dois payer mon stagiaire » looks for « payer
# stagiaire ». Pagefind would otherwise rank first the pages holding them.
QUERY_STOP_WORDS = frozenset((
    "a", "ai", "avoir", "ça", "cela", "combien", "comment", "dois",
    "doit", "durant", "eu", "être", "faut", "je", "mon", "pendant", "quand", "quel",
    "quelle", "quoi", "ton", "tu", "été", "où",
))  # fmt: skip
TITLE_WEIGHT = 10
# A section's title weighs less than a page's: « tuteur » finds the page of the role
# before the sections of other pages that name it in their title.
SECTION_TITLE_WEIGHT = 5
# An acronym of the glossary is indexed, and looked for, as one word of its own
# (« CEE » as « ceesigle »): Pagefind stems « cee » as « ce » and reads the last word of
# a query as the start of longer ones, so « CEE » alone found every « ce… ».
ACRONYM_MARK = "sigle"
KEYWORD_WEIGHT = 5
HIDDEN_WEIGHT = 0.5


def _keys(text: str) -> set[str]:
    return {word_key(w) for w in plain(text).replace("’", " ").replace("'", " ").split()}


Ways = Sequence[tuple[tuple[str, ...], str]]  # the readers' ways: (reader's words, site's)


@functools.cache  # the tool's synonyms, not the content's: asked for every document
def _wanted(
    entries: tuple[tuple[tuple[str, ...], str], ...],
) -> list[tuple[tuple[str, ...], set[str]]]:
    """Each of the readers' ways with the site's words (stop words aside) a title must hold."""
    return [
        (reader, {fold(k) for k in _keys(site) if fold(k) not in STOP_WORDS})
        for reader, site in entries
    ]


def _ways(title: str, entries: Ways) -> list[str]:
    """The readers' ways of saying things that a page of this title answers: those whose
    site words (stop words aside) are all in the title."""
    keys = {fold(k) for k in _keys(title)}
    ways: list[str] = []
    for reader, wanted in _wanted(tuple(entries)):
        if wanted and wanted <= keys:
            ways.extend(reader)
    return ways


def folded(word: str) -> str:
    """A word as the index holds it and the worker looks for it: lower case, without
    accents (« pole » finds « pôle »), « @ » read « a » (« magistere » finds M@gistère)."""
    return fold(word).replace("@", "a")


@functools.cache  # the glossary's, not the content's: read for every indexed text
def acronyms() -> frozenset[str]:
    """The glossary's acronyms that the site spells out, folded."""
    return frozenset(folded(acronym) for acronym in expansions())


@memo.memoized(maxsize=1 << 16)  # a language's words come back, page after page
def _word(word: str) -> str | None:
    """A word as Pagefind indexes it: folded, an acronym written in capitals marked; None
    for a stop word."""
    if fold(word) in STOP_WORDS:
        return None
    key = folded(word)
    return key + ACRONYM_MARK if word.isupper() and key in acronyms() else key


def _words(text: str) -> str:
    """The words of a text Pagefind indexes, folded: « l'entreprise » is « entreprise »,
    stop words left out, acronyms marked (`ACRONYM_MARK`)."""
    return " ".join(w for w in map(_word, _WORD.findall(text)) if w is not None)


def _part(tag: str, text: str, weight: float) -> str:
    escaped = html.escape(text, quote=False)
    return f'<{tag} data-pagefind-weight="{weight}">{escaped}</{tag}>' if text else ""


def page_html(
    doc: Mapping[str, str],
    parent: str,
    views: Sequence[tuple[str, str]],
    entries: Ways,
) -> str:
    """The page Pagefind indexes for one search document (`parent`: the title of the
    page a section belongs to, empty for a page itself; `views`: (location, title) of
    each kit's view of an action)."""
    title, text = plain(doc["title"]), plain(doc.get("text", ""))
    body, keywords = doc.get("body", ""), doc.get("keywords", "")
    ways = " ; ".join(_ways(title, entries))
    # the home page's location is empty, and Pagefind keeps no empty value
    shown = {"title": title, "loc": "/" + doc["location"], "text": text, "parent": parent}
    if views:
        shown["views"] = json.dumps(views, ensure_ascii=False, separators=(",", ":"))
    hidden = "".join(
        f'<span data-pagefind-filter="{name}">{html.escape(value, quote=False)}</span>'
        for name, value in shown.items()
        if value
    )
    return "".join((
        f'<html lang="{LANGUAGE}"><head><title>{html.escape(title)}</title></head><body>',
        _part("h1", _words(title), SECTION_TITLE_WEIGHT if parent else TITLE_WEIGHT),
        _part("p", _words(text), 1),
        _part("p", _words(body), HIDDEN_WEIGHT),
        _part("p", _words(keywords), KEYWORD_WEIGHT),
        _part("p", _words(ways), KEYWORD_WEIGHT),
        f"<div data-pagefind-ignore>{hidden}</div></body></html>",
    ))  # fmt: skip


def pages(docs: Sequence[Mapping[str, Any]], alternates: Mapping[str, Any]) -> Iterator[str]:
    """The pages Pagefind indexes, one per document, in the documents' order."""
    entries = synonyms()
    titles = alternates.get("titles", [])
    views_of = alternates.get("pages", {})
    parents: dict[str, str] = {}
    for doc in docs:
        location = str(doc["location"])
        page, _, section = location.partition("#")
        parent = parents.setdefault(page, plain(doc["title"]))
        views = [(where or page, titles[i]) for where, i in views_of.get(page, ())]
        yield page_html(doc, parent if section else "", views, entries)


# Pagefind's allocator (jemalloc, linked into its binary) keeps the pages it frees for ten
# seconds by default, longer than Pagefind runs: nothing it freed went back before it
# ended. Given back after a tenth of a second, its peak at 5,000 actions goes from 695 MB
# to about 610 MB, in about the same time (bench/README.md).
ALLOCATOR_VARIABLE = "_RJEM_MALLOC_CONF"  # jemalloc's MALLOC_CONF, as tikv-jemallocator names it
ALLOCATOR_SETTINGS = "dirty_decay_ms:100,muzzy_decay_ms:0"


def _prepared(
    source: Path, target: Path, docs: Sequence[Mapping[str, Any]], alternates: Any
) -> tuple[list[str], dict[str, str]]:
    """One small page per document written in `source` for Pagefind's command (its Python
    API answers one call per tenth of a second: 20 minutes at 5,000 actions); the command
    (the binary itself, which `python -m pagefind` would become) and its environment."""
    for number, page in enumerate(pages(docs, alternates)):
        (source / f"{number}.html").write_text(page, "utf-8")
    binary = pagefind.service.get_executable()  # the wheel's, or PAGEFIND_BINARY_PATH
    if binary is None:
        raise FileNotFoundError("pagefind")
    argv = [
        str(binary), "--site", str(source), "--output-path", str(target),
        "--force-language", LANGUAGE, "--silent",
    ]  # fmt: skip
    return argv, {**os.environ, ALLOCATOR_VARIABLE: ALLOCATOR_SETTINGS}


def _index_forked(source: Path, target: Path, docs: Any, alternates: Any) -> None:
    """In a forked process: the pages written, then the process becomes Pagefind, so that
    nothing of the build's memory stays beside it; how it ended is its exit code."""
    try:
        argv, env = _prepared(source, target, docs, alternates)
        os.execve(argv[0], argv, env)
    except BaseException:
        os._exit(1)


class Indexing:
    """Pagefind indexing a site's documents (`publish`): in a process forked from this one,
    which then becomes Pagefind, while the build goes on, when the machine has another
    core; `finish` waits for it and completes the folder."""

    def __init__(self, site_dir: Path, docs: Sequence[Mapping[str, Any]], alternates: Any) -> None:
        self.source = Path(tempfile.mkdtemp(prefix="passerelles-pagefind-"))
        self.target = site_dir / FOLDER
        shutil.rmtree(self.target, ignore_errors=True)
        self.process: multiprocessing.process.BaseProcess | None = None
        try:
            if jobs() < 2:
                argv, env = _prepared(self.source, self.target, docs, alternates)
                subprocess.run(argv, env=env, check=True)
                return
            give_back_free_memory()  # what the build freed, before Pagefind runs beside it
            self.process = multiprocessing.get_context("fork").Process(
                target=_index_forked, args=(self.source, self.target, docs, alternates)
            )
            with forking():
                self.process.start()
        except BaseException:
            shutil.rmtree(self.source, ignore_errors=True)
            raise

    def finish(self) -> None:
        """Wait for Pagefind; its folder without its own interfaces (the site drives
        Material's search box), with the query settings the worker fetches."""
        process, self.process = self.process, None
        try:
            if process is not None:
                process.join()
                if process.exitcode:
                    raise subprocess.CalledProcessError(process.exitcode, "pagefind")
        finally:
            shutil.rmtree(self.source, ignore_errors=True)
        for unused in self.target.glob("pagefind-*ui*"):
            unused.unlink()
        (self.target / "pagefind-highlight.js").unlink(missing_ok=True)
        _without_filter_indexes(self.target)
        query = json.dumps(query_settings(), ensure_ascii=False, separators=(",", ":"))
        (self.target / QUERY_FILE).write_text(query, "utf-8")

    def stop(self) -> None:
        """A build that failed: Pagefind stopped, its documents removed."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.join()
        shutil.rmtree(self.source, ignore_errors=True)


ENTRY = "pagefind-entry.json"
COMPRESSED_MARK = b"pagefind_dcd"  # what Pagefind's index files start with, once unzipped
_FILTERS = 3  # the filter indexes' place in Pagefind 1.5's metadata index (a CBOR array)


def _without_filter_indexes(folder: Path) -> None:
    """Pagefind's index without its filter indexes, which the worker never fetches (it
    never filters: what a result shows travels as filters, `page_html`). Pagefind 1.5.2
    writes them, and their list in its metadata index, in an order that changes from run
    to run (fixed after 1.5.2, upstream commit 0b56369): without them, the same documents
    give the same bytes. The metadata index is read and written with `cbor2`, its name and
    the entry's hash made from its new bytes."""
    entry_file = folder / ENTRY
    entry = json.loads(entry_file.read_text("utf-8"))
    language = entry["languages"][LANGUAGE]
    old = folder / f"pagefind.{language['hash']}.pf_meta"
    unzipped = gzip.decompress(old.read_bytes())
    if not unzipped.startswith(COMPRESSED_MARK):
        raise RuntimeError(f"{old}: not a Pagefind index")
    meta = cbor2.loads(unzipped[len(COMPRESSED_MARK) :])
    if not str(meta[0]).startswith("1.5.") or not all(len(f) == 2 for f in meta[_FILTERS]):
        raise RuntimeError(f"{old}: Pagefind {meta[0]}'s index, 1.5's expected")
    meta[_FILTERS] = []
    encoded = cbor2.dumps(meta)
    language["hash"] = f"{LANGUAGE}_{hashlib.sha256(encoded).hexdigest()[:10]}"
    old.unlink()
    new = folder / f"pagefind.{language['hash']}.pf_meta"
    new.write_bytes(gzip.compress(COMPRESSED_MARK + encoded, mtime=0))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    shutil.rmtree(folder / "filter", ignore_errors=True)


def query_settings() -> dict[str, Any]:
    """What the worker needs to turn a reader's query into Pagefind's (QUERY_FILE, fetched
    with Pagefind at the first search): the words to leave out (French stop words, which
    Pagefind would look for) and the readers' ways of saying things to replace."""
    return {
        "stop": sorted(STOP_WORDS | QUERY_STOP_WORDS),
        "synonyms": [[list(reader), site] for reader, site in synonyms()],
        "acronyms": sorted(acronyms()),
        "mark": ACRONYM_MARK,
    }


def stub_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The search settings every page fetches, telling the worker to search with Pagefind:
    its script and the query settings, each with its address from the site's root."""
    own = {**config.get("passerelles", {}), "pagefind": f"{FOLDER}/pagefind.js"}
    return {**config, "passerelles": {**own, "query": f"{FOLDER}/{QUERY_FILE}"}}


def publish(site_dir: Path, split: SplitIndex) -> Indexing:
    """Start indexing the site's search documents with Pagefind (`Indexing`), while the
    build goes on; point every page's search settings (`search/search_index.json`) at it.
    The caller waits for it with `finish`."""
    indexing = Indexing(site_dir, split.docs["docs"], split.docs["alternates"])
    stub = {**split.stub, "config": stub_config(split.stub["config"])}
    text = json.dumps(stub, ensure_ascii=False, separators=(",", ":"))
    (site_dir / "search" / "search_index.json").write_text(text, "utf-8")
    return indexing

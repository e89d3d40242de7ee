"""The site's search index, rewritten for French readers and for phones.

Material's search plugin writes `search/search_index.json`, which its bundle fetches on
every page. `split_index` turns it into two files:

- the stub Material fetches (`search_index.json`): its configuration, no document;
- the documents (`search_docs.js`), which the search worker
  (overrides/assets/javascripts/workers/search-fr.js) loads once the reader types a query.

On the way, the documents keep only what readers search. A page whose front matter says
`search: {merge: true}` (an action, seen from its first kit) becomes one document: its
title, its first paragraph as the text shown, and the words of its other sections in a
hidden `body` field (each word once, without stop words). Its `alternates` (each kit's
view of the action) are offered under its result. Its `keywords`, and the expansions of
the acronyms of `data/glossary.yml` that a document writes (or the acronyms of the
expansions it writes), go in a hidden `keywords` field. Accents, elisions, stop words and
stemming are the worker's business: it treats the index and the query alike. The
readers' ways of saying things (`data/synonyms.yml`) travel with the documents; the worker
replaces them in a query by the site's words.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.format.folding import fold, term_words
from generator.run import bundle, memo
from generator.search.glossary import acronym_pattern, expansions, spellings, writes

DOCS_FILE = "search_docs.js"
WORKER = "assets/javascripts/workers/search-fr.js"
DOCS_GLOBAL = "__passerellesSearch"
SYNONYMS_FILE = bundle.data_file("synonyms.yml")


@functools.cache
def synonyms() -> tuple[tuple[tuple[str, ...], str], ...]:
    """The readers' ways of saying things, each with the site's words that answer them."""
    data = yaml.safe_load(SYNONYMS_FILE.read_text("utf-8")) or []
    return tuple((tuple(str(r) for r in e["reader"]), str(e["site"])) for e in data)


# French words too common to tell pages apart: dropped from the hidden `body` field (the
# worker's lunr pipeline drops them from the index anyway, with lunr-languages' list).
# Folded, as the words compared with them are: « à » is « a ».
STOP_WORDS = frozenset(map(fold, (
    "à", "au", "aux", "avec", "c", "ce", "ces", "cette", "d", "dans", "de", "des", "du",
    "elle", "elles", "en", "est", "et", "il", "ils", "j", "l", "la", "le", "les", "leur",
    "leurs", "lui", "m", "ma", "mais", "me", "mes", "n", "ne", "nos", "notre", "nous", "on",
    "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont",
    "sur", "t", "ta", "te", "tes", "un", "une", "vos", "votre", "vous", "y",
)))  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[\w@]+", re.UNICODE)
_FIRST_PARAGRAPH = re.compile(r"<p>.*?</p>", re.DOTALL)
# A section's number (« 1. Préparer »): the same few numbers on every page, no word to find
_NUMBERING = re.compile(r"^\d+\.\s+")
# Longer texts show their first paragraph only: a result shows two or three lines.
SHOWN_TEXT = 400


@dataclass(frozen=True)
class PageSearch:
    """What a page's front matter asks of search (`search:` in its metadata)."""

    keywords: tuple[str, ...] = ()
    merge: bool = False
    alternates: tuple[tuple[str, str], ...] = ()  # (location, title) of other views


@dataclass(frozen=True)
class SplitIndex:
    stub: dict[str, Any]
    docs: dict[str, Any]

    def stub_json(self) -> str:
        return json.dumps(self.stub, ensure_ascii=False, separators=(",", ":"))

    def docs_script(self) -> str:
        """The documents as a script (file:// allows scripts, not fetch), each one an array
        `[location, title, text, body, keywords]` without its empty trailing fields."""
        packed = {**self.docs, "docs": [_pack(doc) for doc in self.docs["docs"]]}
        data = json.dumps(packed, ensure_ascii=False, separators=(",", ":"))
        return f"self.{DOCS_GLOBAL}={data};\n"


FIELDS = ("location", "title", "text", "body", "keywords")


def _pack(doc: Mapping[str, str]) -> list[str]:
    values = [doc.get(name, "") for name in FIELDS]
    while len(values) > 3 and not values[-1]:
        values.pop()
    return values


def plain(markup: str) -> str:
    """The text of an index field: no tag, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def word_key(word: str) -> str:
    """A word as search matches it, near enough: folded, without a plural -s or -x (the
    worker's French stemmer makes « élèves » and « élève » one word)."""
    key = fold(word)
    return key[:-1] if len(key) > 3 and key[-1] in "sx" else key


def body_words(texts: Iterable[str], known: str = "") -> str:
    """Each word of the texts once (first spelling kept), without stop words nor the
    words already in `known` (the document's title and shown text)."""
    seen = {word_key(w) for w in _WORD.findall(plain(known).replace("’", "'"))}
    kept = []
    for text in texts:
        for piece in _WORD.findall(plain(text).replace("’", "'")):
            key = word_key(piece)
            if key not in seen and fold(piece) not in STOP_WORDS:
                seen.add(key)
                kept.append(piece)
    return " ".join(kept)


# The preview rewrites the whole index after each save: a page's words are read once.
@memo.memoized(maxsize=100_000)
def _body_words(texts: tuple[str, ...], known: str) -> str:
    return body_words(texts, known)


def glossary_terms(text: str, glossary: Mapping[str, str]) -> list[str]:
    """The other form of each glossary entry the text writes: the expansion of an
    acronym it writes, the acronym of an expansion it writes."""
    return list(_terms(text, tuple(glossary.items())))


@memo.memoized(maxsize=100_000)  # its terms are the texts' (a run's)
def _terms(text: str, entries: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Found with the glossary's term matcher (a site has thousands of texts: one pass
    finds every acronym, the folded text is compared with each expansion)."""
    spelled = spellings(tuple(a for a, _e in entries), capitalized=True)
    written = {spelled[m.group()] for m in acronym_pattern(tuple(spelled)).finditer(text)}
    words = term_words(text)
    return tuple(
        expansion if acronym in written else acronym
        for acronym, expansion in entries
        if acronym in written or writes(words, expansion)
    )


def _pages(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Documents by page, in index order: the article, then its sections."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        pages.setdefault(doc["location"].split("#")[0], []).append(doc)
    return pages


def _merged(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One document for a whole page: the first paragraph of its summary shown, and the
    words of its sections (steps, lesson parts) kept once; the rest of the summary (facts,
    roles, partners) is on the page, not in the index."""
    article, rest = sections[0], sections[1:]
    texts = tuple(_NUMBERING.sub("", s["title"]) + " " + s["text"] for s in rest if s["text"])
    return [_first_paragraph_shown(article, texts)]


def _short(doc: dict[str, Any]) -> dict[str, Any]:
    """A long section or page shows its first paragraph; its other words are kept once."""
    if len(doc.get("text", "")) <= SHOWN_TEXT:
        return doc
    first = _FIRST_PARAGRAPH.match(doc["text"])
    return _first_paragraph_shown(doc, (doc["text"][first.end() :],)) if first else doc


def _first_paragraph_shown(doc: dict[str, Any], texts: tuple[str, ...]) -> dict[str, Any]:
    """The document with its first paragraph as the shown text (a result shows two or
    three lines of it), and each word of `texts` not already shown, once, as `body`."""
    first = _FIRST_PARAGRAPH.match(doc["text"])
    text = first.group() if first else doc["text"]
    shown = {"location": doc["location"], "title": doc["title"], "text": text}
    words = _body_words(texts, f"{doc['title']} {text}")
    if words:
        shown["body"] = words
    return shown


def _with_keywords(
    doc: dict[str, Any], extra: tuple[str, ...], glossary: Mapping[str, str]
) -> dict[str, Any]:
    own = " ".join(plain(doc.get(key, "")) for key in ("title", "text", "body"))
    words = [*extra, *glossary_terms(" ".join([own, *extra]), glossary)]
    if words:
        doc = {**doc, "keywords": " ".join(dict.fromkeys(words))}
    return doc


def rewrite_page(
    sections: list[dict[str, Any]], meta: PageSearch, glossary: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The documents to search for one page, from the sections Material indexed."""
    kept = _merged(sections) if meta.merge else [_short(doc) for doc in sections]
    return [
        _with_keywords(doc, meta.keywords if i == 0 else (), glossary) for i, doc in enumerate(kept)
    ]


def alternates(docs: list[dict[str, Any]], pages: Mapping[str, PageSearch]) -> dict[str, Any]:
    """The views to offer under some pages: `{"titles": [title, …], "pages": {location:
    [[location or "" for the page itself, title], …]}}`, pages in the order of `docs`."""
    titles: dict[str, int] = {}
    views: dict[str, list[list[Any]]] = {}
    for location in _pages(docs):
        meta = pages.get(location)
        if meta is not None and meta.alternates:
            views[location] = [
                ["" if where == location else where, titles.setdefault(title, len(titles))]
                for where, title in meta.alternates
            ]
    return {"titles": list(titles), "pages": views}


def rewrite_docs(
    docs: list[dict[str, Any]], pages: Mapping[str, PageSearch], glossary: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The documents to search, from every section Material indexed."""
    return [
        doc
        for location, sections in _pages(docs).items()
        for doc in rewrite_page(sections, pages.get(location, PageSearch()), glossary)
    ]


def split_index(
    index: Mapping[str, Any],
    pages: Mapping[str, PageSearch],
    glossary: Mapping[str, str] | None = None,
    *,
    rewritten: bool = False,
) -> SplitIndex:
    """Material's index → the stub it fetches on every page + the documents to search.
    With `rewritten`, each page's documents were already rewritten (`rewrite_page`)."""
    docs = list(index["docs"])
    if not rewritten:
        docs = rewrite_docs(docs, pages, expansions() if glossary is None else glossary)
    content = {
        "docs": docs,
        "alternates": alternates(docs, pages),
        "synonyms": [[list(reader), site] for reader, site in synonyms()],
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:12]
    config = {**index["config"], "passerelles": {"docs": f"{DOCS_FILE}?v={digest}"}}
    return SplitIndex({"config": config, "docs": []}, content)


def page_search(meta: Mapping[str, Any], resolve: Callable[[str], str | None]) -> PageSearch | None:
    """A page's `search:` front matter; `resolve` turns a docs path into its URL (None
    for a page the site does not have)."""
    search = meta.get("search")
    if not isinstance(search, dict):
        return None
    views = ((resolve(alt["path"]), str(alt["title"])) for alt in search.get("alternates", ()))
    published = tuple((url, title) for url, title in views if url is not None)
    keywords = tuple(str(k) for k in search.get("keywords", ()))
    return PageSearch(keywords, bool(search.get("merge")), published)


def write_split_index(
    site_dir: Path, pages: Mapping[str, PageSearch], *, rewritten: bool = False
) -> SplitIndex | None:
    """Rewrite the index Material's search plugin wrote, if it wrote one and the site has
    the worker that loads the documents (a theme without overrides/ keeps Material's);
    the index written, or None."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file() or not (site_dir / WORKER).is_file():
        return None
    split = split_index(json.loads(path.read_text("utf-8")), pages, rewritten=rewritten)
    path.write_text(split.stub_json(), "utf-8")
    (path.parent / DOCS_FILE).write_text(split.docs_script(), "utf-8")
    return split


def read_docs(site: Path) -> dict[str, Any]:
    """The documents a built site's search worker loads, unpacked (for tests, measures)."""
    text = (site / "search" / DOCS_FILE).read_text("utf-8")
    data = json.loads(text.removeprefix(f"self.{DOCS_GLOBAL}=").rstrip().rstrip(";"))
    docs = [
        {k: v for i, (k, v) in enumerate(zip(FIELDS, doc, strict=False)) if v or i < 3}
        for doc in data["docs"]
    ]
    return {**data, "docs": docs}


def merge_partial(
    full: dict[str, Any], partial: dict[str, Any], rebuilt: set[str], pages: list[str]
) -> dict[str, Any]:
    """A whole index from the last whole one and a partial one (a preview's quick rebuild
    indexes only the pages it rebuilt): the rebuilt pages' entries replace their old ones,
    pages that are gone lose theirs, in the order of `pages` as a whole build writes them."""

    def same(url: str) -> str:  # MkDocs calls the home page « ./ », its search index « »
        return "" if url == "./" else url

    order = {same(url): i for i, url in enumerate(pages)}
    rebuilt = {same(url) for url in rebuilt}

    def page(doc: dict[str, Any]) -> str:
        return str(doc["location"]).split("#", 1)[0]

    kept = [d for d in full["docs"] if page(d) in order and page(d) not in rebuilt]
    fresh = [d for d in partial["docs"] if page(d) in order]
    docs = sorted([*kept, *fresh], key=lambda d: order[page(d)])
    return {**partial, "docs": docs}

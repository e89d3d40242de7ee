"""Property-based tests: whatever the input, the tool raises nothing but its own
error type, reports every problem as a located one-line message, writes only
into its output folder, and ends in bounded time and memory.

The number of examples is per test (see `fuzz`: ten times more with HYPOTHESIS_PROFILE=long); the content folder is a copy
of `tests/fixtures/minimal` made once per module, each example changes one file
and puts it back.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import resource
import shutil
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from support import LONG_PROFILE

from generator.check.catalog import Catalog
from generator.check.validate import validate
from generator.check.yaml_reader import LoadError, parse, parse_events
from generator.check.yaml_reader import _decode as decode
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError
from generator.format.schemes import url_scheme
from generator.generate.pipeline import generate
from generator.markdown import links as prose_links
from generator.markdown import rules as prose_rules
from generator.markdown import site_html as prose_html
from generator.render.jinja import markdown_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINIMAL_FILES = sorted(
    p.relative_to(FIXTURES / "minimal").as_posix() for p in (FIXTURES / "minimal").rglob("*.yml")
)
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as lines
SECONDS = 10.0  # generous: a slow CI machine must not fail, a runaway input must
MEGABYTES = 400

T = TypeVar("T")
FUZZ = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def fuzz(examples: int) -> settings:
    """`examples` in the default profile, ten times more with HYPOTHESIS_PROFILE=long."""
    return settings(FUZZ, max_examples=examples * (10 if LONG_PROFILE else 1))


def bounded(call: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        return call()
    finally:
        elapsed = time.perf_counter() - start
        assert elapsed < SECONDS, f"{elapsed:.1f} s"


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module", autouse=True)
def memory_stays_bounded() -> Iterator[None]:
    before = peak_megabytes()
    yield
    assert peak_megabytes() - before < MEGABYTES


# --------------------------------------------------------------------------- strategies

YAML_SYNTAX = [*list(":-[]{},&*!|>'\"%@`#?<=~ \n\t\\"), "\r\n", "\ufeff", "\x00", "\x85"]
YAML_WORDS = [
    "title: ",
    "- ",
    "  ",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "? ",
    "|\n  ",
    ">-\n  ",
    "no",
    "on",
    "2024-06-17",
    "1e9999",
    ".nan",
    "0x1F",
    "~",
    "null",
]
yaml_text = st.lists(
    st.one_of(
        st.sampled_from(YAML_SYNTAX),
        st.sampled_from(YAML_WORDS),
        st.text(min_size=1, max_size=8),
    ),
    max_size=60,
).map("".join)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(),
    st.sampled_from(["visit", "3e", "discover", "day", "national", "distance", "https://a.b/"]),
)
FIELD_NAMES = sorted(
    {
        "title",
        "summary",
        "format",
        "levels",
        "objectives",
        "duration",
        "value",
        "unit",
        "steps",
        "prepare",
        "supervise",
        "lead",
        "follow_up",
        "text",
        "interlocutors",
        "for_teams",
        "for_companies",
        "role",
        "checklist",
        "partners",
        "resources",
        "sources",
        "url",
        "kind",
        "name",
        "scope",
        "academies",
        "description",
        "modules",
        "lessons",
        "id",
        "body",
        "quiz",
        "choices",
        "correct",
        "feedback",
    }
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
structured = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)
ENTITY_FILES = [
    "kits/actions/visite-atelier.yml",
    "kits/partners/campus-aero.yml",
    "kits/interlocutors/tuteur.yml",
    "kits/teams.yml",
    "mooc/tuteurs/course.yml",
    "mooc/tuteurs/lessons/pourquoi-accueillir.yml",
]
# what starts a line or a block: paragraphs, code, lists, quotes, tables
BLOCK_STARTS = ["\n", "\n\n", "    ", "- ", "1. ", "> ", "|"]

markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<",
                ">",
                "&",
                "&#106;",
                "{",
                "}",
                "{:",
                " onclick=x",
                "[",
                "]",
                "(",
                ")",
                "](",
                "!",
                "`",
                "*",
                "_",
                "\\",
                "#",
                *BLOCK_STARTS,
                ":",
                "javascript:",
                "data:",
                "https://a.b",
                "mailto:a@b.c",
                "action:visite-atelier",
                "<script>",
                "<img src=x onerror=alert(1)>",
                "<svg/onload=alert(1)>",
                "!!! note",
                "???",
                "```",
                "~~~",
                "{{ x }}",
                "{% if %}",
                '"',
                "'",
            ]
        ),
        st.text(min_size=1, max_size=5),
    ),
    max_size=40,
).map("".join)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """root/contenu (the content), root/docs (the only folder the tool may write)."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURES / "minimal", root / "contenu")
    (root / "docs").mkdir()
    return root


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder outside root/docs, with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if rel == "docs" or rel.startswith("docs/"):
            continue
        info = path.lstat()
        found[rel] = (info.st_size, info.st_mtime_ns)
    return found


def check_problems(error: ContentError, content: Path) -> None:
    """Every problem: a relative path, a position in the file, one line of French."""
    assert error.problems
    for problem in error.problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message and "\n" not in str(problem) and "\r" not in str(problem)
        assert not problem.path.startswith("/") and ".." not in problem.path.split("/")
        file = content / problem.path
        if file.is_file() and not file.is_symlink():
            text = file.read_bytes().decode("utf-8", errors="replace")
            lines = len(YAML_LINE_BREAK.split(text))
            assert problem.line <= lines + 1, (problem, lines)


def run_pipeline(root: Path) -> Catalog | None:
    """Validate, and when the content is valid, generate the docs tree."""
    content = root / "contenu"
    before = snapshot(root)
    try:
        catalog = bounded(lambda: validate(content))
    except ContentError as error:
        check_problems(error, content)
        event("contenu refusé")
        catalog = None
    else:
        event("contenu valide : pages générées")
        bounded(lambda: generate(content, root / "docs"))
    assert snapshot(root) == before, "écriture hors du dossier de sortie"
    return catalog


class _Restore:
    """Put one content file back as it was, whatever the example did to it."""

    def __init__(self, content: Path, rel: str) -> None:
        self.path = content / rel
        self.data = self.path.read_bytes()

    def __enter__(self) -> _Restore:
        return self

    def __exit__(self, *exc: object) -> None:
        for stray in self.path.parent.iterdir():
            if stray.name not in KNOWN_NAMES.get(self.path.parent.name, set()):
                if stray.is_dir() and not stray.is_symlink():
                    shutil.rmtree(stray)
                else:
                    stray.unlink()
        self.path.write_bytes(self.data)


KNOWN_NAMES: dict[str, set[str]] = {}
for _rel in MINIMAL_FILES:
    _parts = _rel.split("/")
    KNOWN_NAMES.setdefault(_parts[-2] if len(_parts) > 1 else "", set()).add(_parts[-1])
KNOWN_NAMES["kits"] |= {"actions", "partners", "interlocutors"}
KNOWN_NAMES["tuteurs"] |= {"lessons"}


# --------------------------------------------------------------------------- load


@fuzz(300)
@given(raw=st.binary(max_size=400))
def test_any_bytes_load_or_fail_with_a_located_error(raw: bytes) -> None:
    try:
        document = bounded(lambda: parse("f.yml", raw))
    except LoadError as error:
        assert error.problem.line >= 1 and error.problem.column >= 1
        assert "\n" not in error.problem.message
    else:
        assert isinstance(document.data, dict)


@fuzz(600)
@given(text=yaml_text)
def test_any_yaml_text_loads_or_fails_with_a_located_error(text: str) -> None:
    raw = text.encode("utf-8", errors="surrogatepass")
    try:
        document = bounded(lambda: parse("f.yml", raw))
    except LoadError as error:
        lines = len(YAML_LINE_BREAK.split(text))
        assert 1 <= error.problem.line <= lines + 1, (error.problem, lines)
        assert "\n" not in error.problem.message
    else:
        assert isinstance(document.data, dict)
        assert all(isinstance(k, str) for k in document.data)


def _careful(raw: bytes) -> tuple[Any, Any]:
    """What the event builder alone reads from `raw`: data and positions, or the problem."""
    try:
        data, where = parse_events("f.yml", decode("f.yml", raw))
    except LoadError as error:
        return error.problem, None
    return data, where


@fuzz(600)
@given(text=yaml_text)
def test_the_quick_path_reads_what_the_event_builder_reads(text: str) -> None:
    """libyaml's composer reads plain files; on any text, it gives the builder's data (or
    leaves the text to the builder), and the positions found later are the builder's."""
    raw = text.encode("utf-8", errors="surrogatepass")
    try:
        document = bounded(lambda: parse("f.yml", raw))
    except LoadError as error:
        assert _careful(raw)[0] == error.problem
        return
    data, where = _careful(raw)
    assert document.data == data
    assert document.where == where


@fuzz(300)
@given(file=st.sampled_from(ENTITY_FILES), value=structured)
def test_any_structured_document_validates_or_fails_cleanly(
    workspace: Path, file: str, value: Any
) -> None:
    content = workspace / "contenu"
    with _Restore(content, file) as restore:
        dumped = yaml.safe_dump(value, allow_unicode=True)
        restore.path.write_text(dumped, "utf-8")
        run_pipeline(workspace)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _mutate(data: Any, draw: Callable[..., Any]) -> Any:
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    operation = draw(
        st.sampled_from(["drop", "retype", "insert-text", "add-key", "duplicate", "empty"])
    )
    if not path:
        return draw(structured) if operation == "retype" else data
    parent = _get(data, path[:-1])
    key = path[-1]
    current = parent[key]
    if operation == "drop":
        del parent[key]
    elif operation == "retype":
        parent[key] = draw(structured.filter(lambda v: type(v) is not type(current)))
    elif operation == "insert-text":
        text = current if isinstance(current, str) else str(current)
        at = draw(st.integers(min_value=0, max_value=len(text)))
        parent[key] = text[:at] + draw(markdownish) + text[at:]
    elif operation == "add-key" and isinstance(current, dict):
        current[draw(keys)] = draw(scalars)
    elif operation == "duplicate" and isinstance(current, list) and current:
        current.append(current[0])
    elif operation == "empty":
        parent[key] = type(current)() if isinstance(current, (list, dict, str)) else None
    return data


@fuzz(500)
@given(file=st.sampled_from(MINIMAL_FILES), data=st.data())
def test_mutations_of_valid_content_validate_or_fail_cleanly(
    workspace: Path, file: str, data: st.DataObject
) -> None:
    content = workspace / "contenu"
    with _Restore(content, file) as restore:
        how = data.draw(st.sampled_from(["structure", "raw-text", "rename"]))
        if how == "structure":
            value = yaml.safe_load(restore.data)
            mutated = _mutate(value, data.draw)
            restore.path.write_text(yaml.safe_dump(mutated, allow_unicode=True), "utf-8")
        elif how == "raw-text":
            text = restore.data.decode("utf-8")
            at = data.draw(st.integers(min_value=0, max_value=len(text)))
            cut = data.draw(st.integers(min_value=0, max_value=20))
            text = text[:at] + data.draw(yaml_text) + text[at + cut :]
            restore.path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        else:
            name = data.draw(
                st.text(min_size=1, max_size=40).filter(
                    lambda n: (
                        "/" not in n
                        and "\x00" not in n
                        and n not in (".", "..")
                        and len(n.encode("utf-8", errors="surrogatepass")) < 200
                    )
                )
            )
            target = restore.path.parent / name
            try:
                if target.exists() or target.is_symlink():
                    return  # renaming onto another file is another test (a file lost)
                os.replace(restore.path, target)
            except (OSError, UnicodeEncodeError):
                return  # a name the file system refuses is no content
        catalog = run_pipeline(workspace)
        if how == "rename" and catalog is not None:
            # the file was renamed away: valid only if its id was still a valid one
            # (a hidden file, « .nom », is skipped on purpose: editors' swap files)
            assert name.startswith(".") or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.yml", name)


# --------------------------------------------------------------------------- markdown


class _Dangerous(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "svg", "iframe", "object", "embed", "style", "math"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "src", "srcdoc"):
                self.found.append(name)
            if url_scheme(value or "") in ("javascript", "vbscript", "data"):
                self.found.append(f"{name}={value}")


def dangerous(html: str) -> list[str]:
    scan = _Dangerous()
    scan.feed(html)
    scan.close()
    return scan.found


@fuzz(500)
@given(text=markdownish)
def test_accepted_markdown_renders_without_script_handler_or_bad_url(text: str) -> None:
    findings, _links = bounded(lambda: prose_rules.inspect(text))
    event("texte refusé" if findings else "texte accepté")
    if findings:
        return
    # as a paragraph, and indented in an admonition as templates place it
    for wrapped in (text, '!!! abstract "Votre rôle"\n\n    ' + text.replace("\n", "\n    ")):
        html = prose_html.site_html(wrapped)
        assert dangerous(html) == [], (text, html)


# texts made of links and Markdown around them, without the characters that always send a
# text to the control render: where the check skips that render, it must lose nothing
linkish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "[",
                "]",
                "(",
                ")",
                "](",
                "]: ",
                "![",
                " ",
                *BLOCK_STARTS,
                "---",
                "*",
                "_",
                "#",
                "!!! note",
                "??? ",
                "```",
                '"',
                "javascript:alert(1)",
                "data:text/html,x",
                "https://a.b/c",
                "mailto:a@b.c",
                "action:visite-atelier",
                "#ancre",
                "ftp://a.b",
                "//a.b",
            ]
        ),
        st.text(alphabet=st.characters(blacklist_characters="<{&\\"), min_size=1, max_size=4),
    ),
    max_size=30,
).map("".join)


@fuzz(500)
@given(text=linkish | markdownish)
@example("[a](https://a.b) [b](action:visite-atelier)")
@example("[a](javascript:alert(1))")
@example("[a][r]\n\n[r]: javascript:alert(1)")
@example("![a](https://a.b/x.png)")
def test_a_text_checked_without_the_site_render_has_nothing_that_render_refuses(
    text: str,
) -> None:
    findings, _links = bounded(lambda: prose_rules.inspect(text))
    skipped = not prose_rules.needs_render(text)
    event("rendu de contrôle évité" if skipped else "rendu de contrôle")
    if findings or not skipped:
        return
    assert prose_rules.rendered_findings(text) == (), text


TEXT_CHARACTERS = st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r")


def no_control(text: str) -> str:
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@fuzz(300)
@given(text=st.text(alphabet=TEXT_CHARACTERS, max_size=60) | markdownish.map(no_control))
@example("- tiret")
@example("---")
@example("1986. année")
@example("??? note")
@example("~~~ clôture")
@example("<img src=x onerror=alert(1)>")
@example("{{ x }} {% if %}")
def test_plain_text_fields_come_out_as_typed(text: str) -> None:
    """The `text` filter: one paragraph, no markup, the words as typed."""
    typed = " ".join(text.split())
    if not typed:
        return
    html = prose_html.site_html(markdown_text(text))
    blocks = _Blocks()
    blocks.feed(html)
    blocks.close()
    assert blocks.tags == ["p"], (text, html)
    assert " ".join("".join(blocks.text).split()) == typed, (text, html)


def test_dates_in_text_fields_are_reported_not_crashed(workspace: Path) -> None:
    """A sanity check of the mutation helpers: a date is a type change."""
    content = workspace / "contenu"
    file = "kits/interlocutors/tuteur.yml"
    with _Restore(content, file) as restore:
        value = yaml.safe_load(restore.data)
        value["role"] = datetime.date(2024, 6, 17)
        restore.path.write_text(yaml.safe_dump(value, allow_unicode=True), "utf-8")
        with pytest.raises(ContentError) as info:
            validate(content)
        assert "une date" in str(info.value)


# --------------------------------------------------------------------------- real builds

MARKDOWN_FIELDS = [
    ("kits/actions/visite-atelier.yml", ("steps", "lead", "text")),
    ("kits/actions/visite-atelier.yml", ("for_teams", "role")),
    ("kits/partners/campus-aero.yml", ("description",)),
    ("mooc/tuteurs/lessons/pourquoi-accueillir.yml", ("body",)),
    ("kits/teams.yml", ("intro",)),
]


# A real strict build is the dear part of this module: few builds (more with the long
# profile), each carrying several texts per field, blank-line separated, so that as many
# texts are tried as when each build carried one text per field.
BUILDS = 40 if LONG_PROFILE else 10
TEXTS_PER_FIELD = 4


@pytest.mark.slow
@settings(FUZZ, max_examples=BUILDS)
@given(
    texts=st.lists(
        st.lists(markdownish.map(no_control), min_size=1, max_size=TEXTS_PER_FIELD).map(
            "\n\n".join
        ),
        min_size=len(MARKDOWN_FIELDS),
        max_size=len(MARKDOWN_FIELDS),
    )
)
def test_accepted_text_always_builds(workspace: Path, texts: list[str]) -> None:
    """Text that validation accepts never makes the strict MkDocs build fail."""
    from generator.commands import cli

    content = workspace / "contenu"
    restores = [_Restore(content, rel) for rel in sorted({f for f, _ in MARKDOWN_FIELDS})]
    try:
        for (rel, path), text in zip(MARKDOWN_FIELDS, texts, strict=True):
            file = content / rel
            value = yaml.safe_load(file.read_bytes())
            _get(value, path[:-1])[path[-1]] = text or "x"
            file.write_text(yaml.safe_dump(value, allow_unicode=True), "utf-8")
        site = workspace / "site"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = cli.main(["build", "--content", str(content), "--site", str(site)])
        output = err.getvalue()
        assert "Traceback" not in output
        if status == 0:
            event("texte accepté : site construit")
            assert (site / "index.html").is_file()
        else:
            event("texte refusé")
            assert "rien n'a été publié" in output, output
    finally:
        for restore in restores:
            restore.__exit__()
        shutil.rmtree(content / "build", ignore_errors=True)


# Texts made of what opens and continues blocks: quotes, list markers, indentation, tabs,
# every line ending markdown-it knows; plain words, and now and then a bracket.
nestish = st.lists(
    st.one_of(
        st.sampled_from(
            ["\n", "\r", "\r\n", "\n\n", " ", "  ", "    ", "\t", "> ", ">", "- ", "* ", "+ "]
        ),
        st.sampled_from(["1. ", "2) ", "10. ", "-", "---", "***", "# ", "```", "~~~", "=="]),
        st.sampled_from(["mot", "Élève", "2015", "a.b", "x)", "[", "<", "{"]),
    ),
    max_size=60,
).map("".join)


@fuzz(800)
@given(text=nestish | markdownish | linkish)
@example("- " * 7 + "x")  # seven lists on one line: 15 levels
@example("".join(f"{'  ' * i}- x\n" for i in range(8)))  # eight lists, one per line
@example("\t\t- x")  # two tabs: eight columns
@example("> " * 14 + "x")
@example("- a\r  - b\r    - c\r      - d\r        - e\r          - f\r            - g")
def test_a_text_left_unparsed_is_one_the_parser_finds_nothing_in(text: str) -> None:
    """Plain prose skips markdown-it (prose_rules.is_plain): the parser must find nothing in it."""
    plain = prose_rules.is_plain(text)
    event("sans analyse CommonMark" if plain else "analysé")
    full = bounded(lambda: prose_rules.parse_and_inspect(text))
    if plain:
        assert full == ([], []), text
    assert prose_rules.inspect_uncached(text) == full, text


def test_a_deep_nesting_is_never_taken_for_plain_prose() -> None:
    for text in ("- " * 7 + "x", "".join(f"{'  ' * i}- x\n" for i in range(8)), "\t\t- x"):
        findings, _links = prose_rules.parse_and_inspect(text)
        if findings:
            assert not prose_rules.is_plain(text), text
    deep, _links = prose_rules.parse_and_inspect("- " * 7 + "x")
    assert [f.message.code for f in deep] == [messages.MD_TOO_DEEP.code]


addressish = st.builds(
    "{}{}".format,
    st.sampled_from(
        [*(f"{kind}:" for kind in prose_links.INTERNAL_KINDS), "ACTION:", "https:", ""]
    ),
    st.lists(
        st.sampled_from([*"aZ09/_.-%:@?#é \u00a0\\", "//", "%2F", "%zz", "xn--"]), max_size=12
    ).map("".join),
)


@fuzz(600)
@given(url=addressish | st.text(max_size=20))
@example("action:visite-atelier")
@example("action:é")
@example("action:a%zz")
@example("lesson://hôte/x")
def test_internal_links_are_normalised_as_markdown_it_normalises_them(url: str) -> None:
    """The checking parser skips markdown-it's address normalisation for simple internal
    links (prose_links.SIMPLE_INTERNAL): the address it keeps is the one markdown-it gives."""
    assert prose_links.PARSER.normalizeLink(url) == MarkdownIt("commonmark").normalizeLink(url)

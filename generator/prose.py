"""Markdown fields: what editors may write, and how internal links resolve.

Checking uses markdown-it-py (a CommonMark parser) so that what counts as a
link or as raw HTML is decided by the specification, not by a regular
expression. Link validation of markdown-it is switched off: it would turn a
`javascript:` link into plain text silently, and we want to report it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

INTERNAL_KINDS = ("action", "partner", "interlocutor", "lesson")
_EXTERNAL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$", re.IGNORECASE)
_INTERNAL = re.compile(r"^(action|partner|interlocutor|lesson):([^\s]+)$")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")


@dataclass(frozen=True)
class Finding:
    """A problem inside a Markdown text, `line` counted from 0 inside the text."""

    line: int
    message: str


@dataclass(frozen=True)
class InternalLink:
    kind: str
    target: str
    line: int


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_MD = _parser()


def _walk(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        line = token.map[0] if token.map else 0
        yield token, line
        for child in token.children or []:
            yield child, line


def inspect(text: str) -> tuple[list[Finding], list[InternalLink]]:
    """Report forbidden constructs and list the internal links of a Markdown text."""
    findings: list[Finding] = []
    links: list[InternalLink] = []
    for token, line in _walk(_MD.parse(text)):
        if token.type in ("html_block", "html_inline"):
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else ""
            findings.append(Finding(line, f"HTML brut interdit dans le texte (« {snippet} »)"))
        elif token.type == "image":
            findings.append(Finding(line, "les images ne sont pas acceptées dans le texte"))
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            internal = _INTERNAL.match(href)
            if internal:
                links.append(InternalLink(internal.group(1), internal.group(2), line))
            elif not _EXTERNAL.match(href):
                findings.append(Finding(line, _bad_link_message(href)))
    return findings, links


def _bad_link_message(href: str) -> str:
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme in ("javascript", "data", "vbscript", "file"):
        return (
            f"lien « {scheme}: » interdit : seuls http(s), mailto et les liens internes sont permis"
        )
    if ":" in href and scheme not in INTERNAL_KINDS:
        return (
            f"type de lien inconnu « {scheme}: » ; liens internes permis : "
            "action:, partner:, interlocutor:, lesson:"
        )
    return (
        f"lien « {href[:60]} » non permis : écrivez une adresse complète en https:// "
        "ou un lien interne (action:ID, partner:ID, interlocutor:ID, lesson:COURS/LEÇON)"
    )


_LINK_TARGET = re.compile(
    r"(?P<open>\]\(\s*<?)(?P<kind>action|partner|interlocutor|lesson):(?P<target>[^\s)>]+)"
)
_REF_DEF = re.compile(
    r"^(?P<open>[ ]{0,3}\[[^\]]+\]:\s*<?)(?P<kind>action|partner|interlocutor|lesson):"
    r"(?P<target>\S+?)(?=>|\s|$)",
    re.MULTILINE,
)


def rewrite_links(text: str, resolve: Callable[[str, str], str]) -> str:
    """Replace `kind:target` link destinations by the URL that `resolve` gives."""

    def swap(match: re.Match[str]) -> str:
        return match.group("open") + resolve(match.group("kind"), match.group("target"))

    return _REF_DEF.sub(swap, _LINK_TARGET.sub(swap, text))


def has_template_syntax(text: str) -> bool:
    return bool(_TEMPLATE_SYNTAX.search(text))

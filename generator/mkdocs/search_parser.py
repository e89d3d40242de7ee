"""Material's search parser, fed by a faster reader of tags.

Material's search plugin cuts each page's HTML into sections with its `Parser`, a
subclass of the standard library's `html.parser.HTMLParser`: at 5,000 actions that is
a third of the time of putting the pages in their templates, and most of it goes to
`HTMLParser` finding the tags (a loop of Python per tag, attribute and piece of text).

`SectionParser` is Material's parser with another `feed`: the pages this project writes
are plain tags, double-quoted attributes and text, and for such a page one regular
expression finds every tag. Each tag and each piece of text goes to Material's own
handlers, in the same order and in the same form as `HTMLParser` gives them: names in
lower case, attribute values unquoted and unescaped (an attribute without a value gets
None), text unescaped, a `<tag/>` opened then closed. Anything else goes to
`HTMLParser`, unchanged: a `<` that does not open such a tag (a comment, a declaration,
a `<` in an attribute value or in the text), an attribute written another way, or an
element whose content `HTMLParser` reads as raw text in some version of Python (script,
style, textarea, title…). tests/unit/test_search_parser.py compares the sections of
both parsers on any text made of tags, tests/content/test_search_sections.py on every
page of the shipped site.

`install` makes Material's search plugin use it (`material.plugins.search.plugin.Parser`:
the plugin creates one per page by that name; mkdocs-material is pinned in pyproject).
"""

from __future__ import annotations

import re
from html import unescape

from material.plugins.search import plugin as material_search  # type: ignore[import-untyped]

# A tag as this project writes them: a name, attributes separated by ASCII spaces, each
# with a double-quoted value or none; or a closing tag. One attribute is read again by
# `_ATTRIBUTES`, which captures its name and its value (None when it has none).
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_ATTRIBUTE_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_VALUE = r'[^"]*'
_TAG = re.compile(
    rf"<(?:({_NAME})((?:{_SPACE}+{_ATTRIBUTE_NAME}(?:=\"{_VALUE}\")?)*){_SPACE}*(/?)>"
    rf"|/({_NAME}){_SPACE}*>)"
)
_ATTRIBUTES = re.compile(rf"{_SPACE}+({_ATTRIBUTE_NAME})(?:=\"({_VALUE})\")?")
# Elements whose content HTMLParser reads as raw text (3.11: script and style; later
# versions add others): left to it.
_RAW_TEXT = re.compile(
    r"<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)"
    r"(?![a-zA-Z0-9-])",
    re.IGNORECASE,
)
MATERIAL_PARSER = material_search.Parser


class SectionParser(MATERIAL_PARSER):  # type: ignore[misc,valid-type]
    """Material's search parser, whose `feed` reads plain tags itself."""

    def feed(self, data: str) -> None:
        tags = list(_TAG.finditer(data))
        if self.rawdata or data.count("<") != len(tags) or _RAW_TEXT.search(data):
            super().feed(data)
            return
        position = 0
        for tag in tags:
            start = tag.start()
            if start > position:
                self.handle_data(unescape(data[position:start]))
            name, attributes, empty, closing = tag.groups()
            if closing is not None:
                self.handle_endtag(closing.lower())
            else:
                pairs = [
                    (m[1].lower(), None if m[2] is None else unescape(m[2]))
                    for m in _ATTRIBUTES.finditer(attributes)
                ]
                if empty:
                    self.handle_startendtag(name.lower(), pairs)
                else:
                    self.handle_starttag(name.lower(), pairs)
            position = tag.end()
        if position < len(data):
            self.handle_data(unescape(data[position:]))


def install() -> None:
    """Material's search plugin cuts pages into sections with `SectionParser`."""
    if material_search.Parser is MATERIAL_PARSER:
        material_search.Parser = SectionParser

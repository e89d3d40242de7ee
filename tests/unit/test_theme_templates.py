"""Material's templates are compiled once per process (each build of a preview gets a new
Jinja environment from MkDocs), and an edited template is still seen at the next build."""

from __future__ import annotations

import jinja2
import jinja2.bccache

from generator.mkdocs.plugin import _CompiledTemplates


class _Counted(_CompiledTemplates):
    def __init__(self) -> None:
        super().__init__()
        self.compilations = 0

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compilations += 1  # Jinja stores what it just compiled
        super().dump_bytecode(bucket)


def _env(sources: dict[str, str], cache: _CompiledTemplates) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(sources))
    env.bytecode_cache = cache
    return env


def test_a_template_is_compiled_once_then_reused_until_its_source_changes() -> None:
    cache = _Counted()
    sources = {"main.html": "<h1>{{ titre }}</h1>"}
    assert _env(sources, cache).get_template("main.html").render(titre="A") == "<h1>A</h1>"
    assert cache.compilations == 1

    # a new environment, as MkDocs makes for each build: the compiled code is reused
    assert _env(sources, cache).get_template("main.html").render(titre="B") == "<h1>B</h1>"
    assert cache.compilations == 1

    # the template edited between two builds: the new source is compiled and shown
    sources["main.html"] = "<h2>{{ titre }}</h2>"
    assert _env(sources, cache).get_template("main.html").render(titre="C") == "<h2>C</h2>"
    assert cache.compilations == 2

"""The context a module's browser tests share is put back as new after each test
(conftest.py, ModuleContext): nothing one test leaves reaches the next."""

from __future__ import annotations

from pathlib import Path

from shared_context import ModuleContext


def test_reset_clears_what_a_test_leaves(
    module_context: ModuleContext, site_url: str, built_site: Path
) -> None:
    context = module_context.context
    page = context.new_page()
    page.goto(site_url)
    page.evaluate("() => { localStorage.setItem('essai', '1'); document.cookie = 'essai=1'; }")
    disk = (built_site / "index.html").as_uri()
    page.goto(disk)
    page.evaluate("() => localStorage.setItem('essai', '2')")
    # until the reset, the module's pages share what the test left
    before = context.new_page()
    before.goto(site_url)
    assert before.evaluate("() => localStorage.getItem('essai')") == "1"
    context.route("**/*", lambda route: route.abort())
    context.grant_permissions(["clipboard-read"])
    other = context.new_page()

    module_context.reset()

    assert context.pages == [module_context.keeper]
    assert other.is_closed()
    fresh = context.new_page()
    loaded = fresh.goto(site_url)  # with the route left, the request would be aborted
    assert loaded is not None and loaded.ok
    assert fresh.evaluate("() => [localStorage.getItem('essai'), document.cookie]") == [None, ""]
    permission = "() => navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)"
    assert fresh.evaluate(permission) == "prompt"
    fresh.goto(disk)
    assert fresh.evaluate("() => localStorage.getItem('essai')") is None
    module_context.reset()

"""The browser context a test module's pages share, and how it is put back as new."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import BrowserContext, CDPSession, Page

# What a test's pages may leave in the module's context, cleared after each test: the sites
# keep the reader's choices in localStorage; the other kinds are cleared too, so that a
# widget that comes to use them cannot carry one test's state into the next. The HTTP
# cache is not among them: keeping it is the point of sharing the context.
STORAGE_KINDS = "local_storage,indexeddb,cache_storage,service_workers"


@dataclass(frozen=True)
class ModuleContext:
    """One browser context for a test module's pages, and a blank page kept open in it.

    A new context per test, as pytest-playwright makes, starts with an empty HTTP cache
    and a new renderer process, so that a test's first page costs about twice the CPU of
    the same page in a context that has served it. So each test gets a new page in its
    module's context, and after it the context is put back as it was: the test's pages
    closed, routes, cookies, permissions and every origin's storage cleared, then checked
    empty. The kept blank page keeps a renderer process ready for the next test's page.
    pytest-playwright's --tracing, --video and --screenshot do not follow these pages."""

    context: BrowserContext
    keeper: Page
    devtools: CDPSession

    def reset(self) -> None:
        for page in self.context.pages:
            if page != self.keeper:
                page.close()
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.clear_cookies()
        self.context.clear_permissions()
        # file:// pages keep their storage under the origin « file:// », which the
        # context's storage state does not list
        for origin in sorted(self._origins() | {"file://"}):
            self.devtools.send(
                "Storage.clearDataForOrigin", {"origin": origin, "storageTypes": STORAGE_KINDS}
            )
        left = self.context.storage_state(indexed_db=True)
        assert not left["cookies"] and not self._origins(), f"état laissé par le test : {left}"

    def _origins(self) -> set[str]:
        return {o["origin"] for o in self.context.storage_state(indexed_db=True)["origins"]}

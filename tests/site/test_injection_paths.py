"""The four script-injection paths found by a hostile editor, and their smaller kin, each
in a content that validates: built with its offline copy and its course packages, nothing
runs, and each payload is shown as the text the editor typed.

The inputs that must be refused instead (a « ) » or a quote in an address, control
characters, a text starting with an indented line, an edition's mkdocs.yml) are cases of
the hostile corpus (100 to 109).
"""

from __future__ import annotations

import html
import re
import shutil
import tarfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import FIXTURES, run_build, run_cli

from generator.plan import cards_data
from generator.publish.site import OFFLINE_FOLDER, OFFLINE_ZIP
from generator.trust import output_scan

pytestmark = pytest.mark.slow

IMG = "<img src=x onerror=alert(1)>"
# what each path receives, in the YAML (path → (file, old text, new text))
PAYLOADS = {
    # Material printed the site name raw in the header, the sidebar and <title>
    "site title": (
        "edition/edition.yml",
        "title: Édition de test",
        f'title: "Édition {IMG}</title><script>alert(1)</script>"',
    ),
    # checked as Markdown blocks, then flattened to one line: the code block became HTML
    "contact note, code block after a paragraph": (
        "edition/edition.yml",
        "note: Accueil le mercredi",
        f'note: "Accueil le mercredi\\n\\n    {IMG}"',
    ),
    "role's contact line, code block after a paragraph": (
        "kits/interlocutors/referent-bassin.yml",
        None,
        f'contact: "Par le rectorat.\\n\\n    {IMG}"',
    ),
    # an action title goes into its kit's cards data file (cartes.js), a script
    "action title in the cards' data file": (
        "kits/actions/immersion-cadres.yml",
        None,
        f'title: "Visite \\"]}}; alert(1); // {IMG}</script>"',
    ),
    # a kit title went unescaped into the search documents' alternates
    "kit title in search alternates": (
        "kits/companies.yml",
        None,
        f'title: "Kit {IMG}"',
    ),
}
EDITION = """title: Édition de test
academy: toulouse
base: ..
contacts:
  referent-bassin:
    - service: Pôle de stages du bassin
      email: pole-stages@example.fr
      note: Accueil le mercredi
"""


def _replace_line(path: Path, old: str | None, new: str) -> None:
    text = path.read_text("utf-8")
    if old is None:  # the whole line of the same key
        key = new.split(":", 1)[0]
        text, count = re.subn(rf"^{key}:.*$", lambda _: new, text, count=1, flags=re.M)
        assert count == 1, (path, key)
    else:
        assert old in text, (path, old)
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("chemins") / "contenu"
    shutil.copytree(FIXTURES / "minimal", content)
    (content / "edition").mkdir()
    (content / "edition" / "edition.yml").write_text(EDITION, "utf-8")
    for file, old, new in PAYLOADS.values():
        _replace_line(content / file, old, new)
    return content / "edition"


@pytest.fixture(scope="module")
def built(hostile: Path) -> Path:
    checked = run_cli("validate", "--content", str(hostile))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    site = hostile / "site"
    result = run_build(hostile, site, "--offline")
    assert result.returncode == 0, result.stderr
    return site


class _Oracle(HTMLParser):
    """An oracle of the test's own, beside the build's scan: no element carries an event
    handler, and no script holds the payload's call."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(f"<{tag} {name}>" for name, _ in attrs if name.startswith("on"))
        self.in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(1)" in data:
            self.found.append("script")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def _scan_with_fresh_rules(site: Path) -> list[str]:
    """What the oracle and the output scan (without script rules) find, page by page."""
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        oracle = _Oracle()
        oracle.feed(text)
        oracle.close()
        found.extend(f"{page.name}: {what}" for what in oracle.found)
        found.extend(f"{page.name}: {what}" for what in output_scan.scan_html(text, _any))
    return found


def _any(attrs: dict[str, str | None], body: str) -> None:
    return None


def test_nothing_runs_in_the_site(built: Path) -> None:
    assert _scan_with_fresh_rules(built) == []
    assert list(output_scan.scan_search(built)) == []
    # the cards' data file holds the title as one JSON string, and nothing else
    assert list(output_scan.scan_cards(built)) == []
    title = PAYLOADS["action title in the cards' data file"][2].split(": ", 1)[1]
    typed = title[1:-1].replace('\\"', '"')
    data = cards_data.read((built / "entreprises" / cards_data.FILE_NAME).read_text("utf-8"))
    assert data is not None
    assert typed in [card["title"] for card in data[1]["cards"]]


def test_nothing_runs_in_the_offline_copy(built: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built / OFFLINE_ZIP) as archive:
        archive.extractall(tmp_path)
    assert _scan_with_fresh_rules(tmp_path / OFFLINE_FOLDER) == []


def test_nothing_runs_in_the_packages(built: Path) -> None:
    downloads = built / "telechargements"
    packages = sorted(downloads.iterdir())
    assert {p.suffix for p in packages} >= {".zip", ".imscc", ".gz"}
    for package in packages:
        if package.suffix == ".gz":
            with tarfile.open(package) as archive:
                files = {
                    m.name.split("/", 1)[1]: archive.extractfile(m).read()  # type: ignore[union-attr]
                    for m in archive.getmembers()
                    if m.isfile()
                }
        else:
            with zipfile.ZipFile(package) as archive:
                files = {n: archive.read(n) for n in archive.namelist()}
        assert list(output_scan.scan_package(files)) == [], package.name
        assert not any(IMG.encode() in data for data in files.values()), package.name


def test_each_payload_is_shown_as_typed(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", home, re.S)
    assert title is not None
    assert (
        html.unescape(title[1]).strip().endswith(f"Édition {IMG}</title><script>alert(1)</script>")
    )
    role = (built / "interlocuteurs/referent-bassin/index.html").read_text("utf-8")
    shown = f"<code>{html.escape(IMG, quote=False)}"
    assert role.count(shown) == 2  # the service's note and the role's line: code blocks
    contacts = (built / "interlocuteurs/index.html").read_text("utf-8")
    assert shown in contacts
    action = (built / "entreprises/actions/stage-3e/index.html").read_text("utf-8")
    assert action.count(shown) == 2  # beside the step that names the role

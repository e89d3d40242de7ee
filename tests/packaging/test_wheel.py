"""Passerelles as an installed tool: the wheel, installed in a fresh virtual environment
outside the repository, builds the national site and an académie edition from a
temporary folder, and `passerelles init` gives a folder whose CI lines run as they are.

Expected values come from the YAML of the test edition (tests/fixtures/edition) and of
the national content, never from the generator."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from support import search_docs

from generator.publish.new_edition import national_index_url
from generator.search.glossary import expansions

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EDITION = ROOT / "tests/fixtures/edition"


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


# the version of the release the tests make: a tag is all a release needs (README, « Versions »)
TAG = "v9.8.7"


def _gitlab_lines(job: dict, ci: dict, *, before: bool = True) -> list[str]:  # type: ignore[type-arg]
    lines = ci.get("default", {}).get("before_script", []) if before else []
    return [*lines, *job["script"]]


def _release(source: Path, work: Path, env: dict[str, str]) -> Path:
    """The repository's files (committed or not, never ignored ones) as a fresh git
    repository tagged TAG, packaged by the `paquets` job of the repository's own
    .gitlab-ci.yml, line by line, as a tag pipeline runs it."""
    listed = _run("git", "ls-files", "-z", "-co", "--exclude-standard", cwd=source)
    for name in filter(None, listed.split("\0")):
        if (source / name).is_file():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, work / name)
    git = ("git", "-c", "user.name=CI", "-c", "user.email=ci@example.invalid")
    _run(*git, "init", "-q", "-b", "main", cwd=work)
    _run(*git, "add", "-A", cwd=work)
    _run(*git, "commit", "-q", "-m", "release", cwd=work)
    _run(*git, "tag", TAG, cwd=work)
    ci = yaml.safe_load((source / ".gitlab-ci.yml").read_text("utf-8"))
    for line in _gitlab_lines(ci["paquets"], ci, before=False):
        _run("bash", "-c", line, cwd=work, env={**env, "CI_COMMIT_TAG": TAG})
    (wheel,) = (work / "dist").glob("passerelles-*.whl")
    return wheel


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel of a tagged release, and a fresh virtual environment outside the
    repository with it installed."""
    work = tmp_path_factory.mktemp("outil")
    _run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    path = {"PATH": f"{work / 'venv/bin'}{os.pathsep}{os.environ['PATH']}"}
    (work / "depot").mkdir()
    wheel = _release(ROOT, work / "depot", path)
    # uv resolves the wheel's dependencies as pip does (the same versions, from PyPI) in a
    # second instead of twenty: what is checked here is the wheel; pip installs it in the
    # tests of the lines an édition runs as written
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    assert uv, "uv est introuvable : il fait partie des dépendances de test (pyproject.toml)"
    _run(uv, "pip", "install", "-q", "--python", work / "venv/bin/python", wheel, cwd=work)
    return {"wheel": wheel, "bin": work / "venv/bin", "work": work}


def test_a_tag_is_the_version_of_the_wheel_the_sdist_and_the_tool(tool: dict[str, Path]) -> None:
    version = TAG.removeprefix("v")
    assert tool["wheel"].name == f"passerelles-{version}-py3-none-any.whl"
    assert (tool["wheel"].parent / f"passerelles-{version}.tar.gz").is_file()
    out = _run(tool["bin"] / "passerelles", "--version", cwd=tool["work"])
    assert out.strip() == f"passerelles {version}"


def test_the_wheel_carries_what_a_build_needs(tool: dict[str, Path]) -> None:
    out = _run(
        tool["bin"] / "python",
        "-c",
        "import generator, pathlib; print(pathlib.Path(generator.__file__).parent)",
        cwd=tool["work"],
    )
    installed = Path(out.strip().splitlines()[-1])
    assert not installed.is_relative_to(ROOT)
    bundle = installed / "_bundle"
    for needed in ("mkdocs.yml", "publication.yml", "overrides/main.html", "kits/teams.yml"):
        assert (bundle / needed).is_file(), needed
    shim = bundle / "overrides/assets/vendor/iframe-worker/shim.js"
    assert shim.is_file()
    assert (installed / "templates/action.md.j2").is_file()
    assert (installed / "data/academies.yml").is_file()


def test_the_installed_tool_builds_the_national_site(tool: dict[str, Path]) -> None:
    folder = tool["work"] / "national"
    folder.mkdir()
    _run(
        tool["bin"] / "passerelles", "build", "--content", "national", "--site", "site", cwd=folder
    )
    shipped = sorted(p.stem for p in (ROOT / "kits/actions").glob("*.yml"))
    assert (folder / "site/index.html").is_file()
    built = {p.name for p in (folder / "site/equipes/actions").iterdir()} | {
        p.name for p in (folder / "site/entreprises/actions").iterdir()
    }
    assert built == set(shipped)


@pytest.fixture(scope="module")
def edition(tool: dict[str, Path]) -> Path:
    """The test edition built by the installed tool from a temporary folder."""
    content = tool["work"] / "edition"
    shutil.copytree(EDITION, content)
    _run(tool["bin"] / "passerelles", "build", "--content", content, "--site", "site", cwd=content)
    return content / "site"


def _local(kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (EDITION / kind).glob("*.yml")}


EDITION_YML = yaml.safe_load((EDITION / "edition.yml").read_text("utf-8"))
HIDDEN = EDITION_YML["hide"]["actions"]
CONTACTS = EDITION_YML["contacts"]


def _national(kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / kind).glob("*.yml")}


def test_contacts_are_beside_their_roles_everywhere(edition: Path) -> None:
    for role, services in CONTACTS.items():
        page = (edition / f"interlocuteurs/{role}/index.html").read_text("utf-8")
        contacts = (edition / "interlocuteurs/index.html").read_text("utf-8")
        for service in services:
            assert service["service"] in page and service["service"] in contacts
            if "email" in service:
                assert f'href="mailto:{service["email"]}"' in page
            if "phone" in service:
                digits = service["phone"].replace(" ", "")
                assert f'href="tel:{digits}"' in page
    # in each action step that names the role, its local service is shown beside it
    actions = {**_national("kits/actions"), **_local("kits/actions")}
    for aid, action in actions.items():
        if aid in HIDDEN or "for_teams" not in action:
            continue
        named = {r for step in action["steps"].values() for r in step.get("interlocutors", [])}
        page = _without_expansions((edition / f"equipes/actions/{aid}/index.html").read_text())
        for role in named & set(CONTACTS):
            assert CONTACTS[role][0]["service"] in page, (aid, role)


def _without_expansions(html: str) -> str:
    """A page's text with the glossary's spelled-out acronyms (« CIO (centre …) », at
    their first use on the page) back to the acronym alone, as the YAML writes them."""
    for acronym, expansion in expansions().items():
        html = html.replace(f"{acronym} ({expansion})", acronym)
    return html


def _catalogue(edition: Path, kit: str) -> str:
    """A kit's catalogue as readers without JavaScript get it: its page and the further
    pages of its cards (« page-2/ »…)."""
    pages = [edition / kit / "index.html", *sorted((edition / kit).glob("page-*/index.html"))]
    return "".join(page.read_text("utf-8") for page in pages)


def test_local_actions_and_partners_carry_their_academie(edition: Path) -> None:
    mark = "Académie d&#39;Orléans-Tours"
    for aid, action in _local("kits/actions").items():
        kit = "equipes" if "for_teams" in action else "entreprises"
        page = (edition / f"{kit}/actions/{aid}/index.html").read_text("utf-8")
        assert mark in page or "Académie d'Orléans-Tours" in page
        catalogue = _catalogue(edition, kit)
        card = re.search(rf'data-id="{aid}".*?</div>', catalogue, re.S)
        assert card and ("Orléans-Tours" in card.group(0)), aid
    for pid in _local("kits/partners"):
        assert "Orléans-Tours" in (edition / f"partenaires/{pid}/index.html").read_text("utf-8")


def test_the_hidden_action_is_gone_from_kits_search_and_open_data(edition: Path) -> None:
    for aid in HIDDEN:
        for kit in ("equipes", "entreprises"):
            assert not (edition / f"{kit}/actions/{aid}").exists()
            assert f'data-id="{aid}"' not in _catalogue(edition, kit)
            assert f'"{aid}"' not in (edition / kit / "cartes.js").read_text("utf-8")
        docs = search_docs(edition)
        assert docs and not [d for d in docs if f"/actions/{aid}/" in d["location"]]
        records = json.loads((edition / "donnees/actions.json").read_text("utf-8"))["actions"]
        assert aid not in {r["id"] for r in records}
        sources = {r["id"]: r["source"] for r in records}
        assert {a for a, s in sources.items() if s == "orleans-tours"} == set(
            _local("kits/actions")
        )


def test_a_lesson_link_to_the_hidden_action_becomes_text(edition: Path) -> None:
    pattern = re.compile(r"\[([^\]]+)\]\(action:(" + "|".join(HIDDEN) + r")\)")
    found = 0
    for lesson in (ROOT / "mooc").rglob("lessons/*.yml"):
        for label, _aid in pattern.findall(lesson.read_text("utf-8")):
            course = lesson.parent.parent.name
            page = (edition / f"formations/{course}/{lesson.stem}/index.html").read_text("utf-8")
            assert " ".join(label.split()[:2]) in page
            assert not re.search(rf'href="[^"]*actions/({"|".join(HIDDEN)})/', page)
            found += 1
    assert found, "the test needs a national lesson that links to the hidden action"


def test_catalogue_counts_equal_the_yaml(edition: Path) -> None:
    actions = {**_national("kits/actions"), **_local("kits/actions")}
    for kit, view in (("equipes", "for_teams"), ("entreprises", "for_companies")):
        expected = sorted(a for a, y in actions.items() if view in y and a not in HIDDEN)
        page = _catalogue(edition, kit)
        assert sorted(re.findall(r'class="pa-card[^"]*"[^>]*\bdata-id="([^"]+)"', page)) == expected


class _Index(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pip's requests are not the test's output."""


@pytest.fixture
def index(tool: dict[str, Path]) -> Iterator[str]:
    """The release's wheel served as a package index on 127.0.0.1 (a PEP 503 « simple »
    tree, its folders listed by the server): the forge's package registry, in the tests."""
    root = tool["work"] / "index"
    (root / "simple/passerelles").mkdir(parents=True, exist_ok=True)
    shutil.copy2(tool["wheel"], root / "simple/passerelles")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Index, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/"
    finally:
        server.shutdown()
        server.server_close()


def _ci_env(tool: dict[str, Path], variables: dict[str, str], project: Path) -> dict[str, str]:
    """A CI job's environment: the file's variables, pip with no configuration of this
    machine (no mirror, no local wheels: only what the job itself names), the tool's
    virtual environment first in PATH as `python:3.11`'s interpreter would be."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {"PATH": f"{tool['bin']}{os.pathsep}{env['PATH']}", "PIP_CONFIG_FILE": os.devnull}
    env["CI_PROJECT_DIR"] = str(project)
    for name, value in variables.items():
        env[name] = re.sub(r"\$(\w+)", lambda m: env.get(m[1], ""), value)
    return env


def _ci(line: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", line], cwd=folder, env=env, capture_output=True, text=True, timeout=900
    )


def _green(line: str, folder: Path, env: dict[str, str]) -> None:
    result = _ci(line, folder, env)
    assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"


@contextlib.contextmanager
def _uninstalled(tool: dict[str, Path]) -> Iterator[None]:
    """Passerelles removed from the tool's environment (its dependencies stay): the CI
    lines must install it themselves; put back afterwards for the module's other tests."""
    _run(tool["bin"] / "pip", "uninstall", "-q", "-y", "passerelles", cwd=tool["work"])
    try:
        yield
    finally:
        _run(tool["bin"] / "pip", "install", "-q", "--no-deps", tool["wheel"], cwd=tool["work"])


PAGES_URL = "https://academie.pages.example.org/passerelles-lille/"
LEGAL = "legal:\n  publisher: Rectorat\n  director: La rectrice\n  host: Hébergeur, adresse\n"


def _forge_clone(tool: dict[str, Path], name: str) -> Path:
    """What cloning a project just created on a forge gives: .git and a README."""
    folder = tool["work"] / name
    _run("git", "init", "-q", "-b", "main", folder, cwd=tool["work"])
    (folder / "README.md").write_text(f"# {name}\n", "utf-8")
    _run(tool["bin"] / "passerelles", "init", folder, "--academy", "lille", cwd=tool["work"])
    return folder


def _code_quality(folder: Path) -> list[dict[str, object]]:
    report = json.loads((folder / "gl-code-quality.json").read_text("utf-8"))
    assert isinstance(report, list)
    return report


def test_an_edition_s_gitlab_jobs_run_as_written_with_the_forge_s_index(
    tool: dict[str, Path], index: str
) -> None:
    folder = _forge_clone(tool, "passerelles-lille")
    ci = yaml.safe_load((folder / ".gitlab-ci.yml").read_text("utf-8"))
    assert ci["variables"]["PASSERELLES_PACKAGE"] == f"passerelles=={TAG.removeprefix('v')}"
    # the edition names its index in its CI/CD settings, which override the file's value
    env = _ci_env(tool, ci["variables"], folder) | {"PASSERELLES_INDEX_URL": index}
    env["CI_PAGES_URL"] = PAGES_URL.rstrip("/")  # what GitLab sets for a project's Pages
    edition_yml = folder / "edition.yml"
    with _uninstalled(tool):
        for line in _gitlab_lines(ci["verifier"], ci):
            _green(line, folder, env)
        assert _code_quality(folder) == []
        assert _ci("passerelles --version", folder, env).stdout.strip().endswith(TAG[1:])
        # a mistake: the job fails, and its report is still JSON, naming the file
        skeleton = edition_yml.read_text("utf-8")
        edition_yml.write_text(skeleton.replace("actions: []", "actions: [inconnue]"), "utf-8")
        validate_line = next(line for line in ci["verifier"]["script"] if "validate" in line)
        assert _ci(validate_line, folder, env).returncode == 1
        assert [i["location"]["path"] for i in _code_quality(folder)] == ["edition.yml"]  # type: ignore[index]
        edition_yml.write_text(skeleton, "utf-8")
        # publishing waits for the legal notice: refused as it is, accepted once filled
        *before, publish = _gitlab_lines(ci["pages"], ci)
        for line in before:
            _green(line, folder, env)
        refused = _ci(publish, folder, env)
        assert refused.returncode == 1 and "mentions légales" in refused.stderr.lower()
        edition_yml.write_text(skeleton + LEGAL, "utf-8")
        _green(publish, folder, env)
    _published_under_pages_url(folder / "public")


def _published_under_pages_url(site: Path) -> None:
    """A project's Pages live under a sub-path: the 404 page's styles, the sitemap and
    the course packages' links to the kits all name it."""
    path = urlsplit(PAGES_URL).path
    assert re.search(
        rf'href="{re.escape(path)}assets/stylesheets/', (site / "404.html").read_text()
    )
    assert f"<loc>{PAGES_URL}equipes/</loc>" in (site / "sitemap.xml").read_text("utf-8")
    package = sorted((site / "telechargements").glob("*-scorm12.zip"))[0]
    with zipfile.ZipFile(package) as archive:
        pages = " ".join(
            archive.read(n).decode("utf-8", "replace")
            for n in archive.namelist()
            if n.endswith(".html")
        )
    assert f'href="{PAGES_URL}' in pages


def test_an_edition_s_github_workflow_runs_as_written_with_the_forge_s_index(
    tool: dict[str, Path], index: str
) -> None:
    folder = _forge_clone(tool, "passerelles-lille-github")
    workflow = yaml.safe_load((folder / ".github/workflows/publish.yml").read_text("utf-8"))
    env = _ci_env(tool, workflow["env"], folder) | {"PASSERELLES_INDEX_URL": index}
    edition_yml = folder / "edition.yml"
    with _uninstalled(tool):
        for name in ("verifier", "publier"):
            for step in workflow["jobs"][name]["steps"]:
                if "run" not in step or "schedule" in step.get("if", ""):
                    continue  # actions (checkout, Python) and the weekly link check
                # the step's own variables: GitHub's expressions stand for the Pages address
                env |= {name: PAGES_URL for name in step.get("env", {})}
                result = _ci(step["run"], folder, env)
                if "--require-legal" in step["run"] and LEGAL not in edition_yml.read_text("utf-8"):
                    assert result.returncode == 1 and "mentions légales" in result.stderr
                    edition_yml.write_text(edition_yml.read_text("utf-8") + LEGAL, "utf-8")
                    result = _ci(step["run"], folder, env)
                assert result.returncode == 0, f"{step['run']}\n{result.stderr}"
    _published_under_pages_url(folder / "public")


def test_a_wheel_committed_in_the_edition_is_the_documented_fallback(
    tool: dict[str, Path],
) -> None:
    """No registry at hand: the wheel in the repository, PASSERELLES_PACKAGE naming it and
    PASSERELLES_INDEX_URL empty (README of the edition); nothing is asked of an index."""
    folder = _forge_clone(tool, "passerelles-lille-roue")
    (folder / "outils").mkdir()
    shutil.copy2(tool["wheel"], folder / "outils")
    ci = yaml.safe_load((folder / ".gitlab-ci.yml").read_text("utf-8"))
    env = _ci_env(tool, ci["variables"], folder) | {
        "PASSERELLES_INDEX_URL": "",
        "PASSERELLES_PACKAGE": f"outils/{tool['wheel'].name}",
        "PIP_NO_INDEX": "1",
    }
    with _uninstalled(tool):
        for line in ci["default"]["before_script"]:
            _green(line, folder, env)
        assert _ci("passerelles --version", folder, env).stdout.strip().endswith(TAG[1:])


def _readme_block(containing: str) -> list[str]:
    """The lines of the README's shell block that holds `containing`."""
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    (block,) = [b for b in blocks if containing in b]
    return block.strip().splitlines()


def test_the_readme_s_academie_section_works_as_written(tool: dict[str, Path], index: str) -> None:
    """The forge stood in for by a bare repository holding what a new project holds (a
    README), its registry by the local index; the dependencies pip would take from PyPI
    through the registry are those of the tool's environment, made visible to the new
    one (a .pth file)."""
    lines = _readme_block("passerelles init")
    forge = tool["work"] / "forge"
    seed = tool["work"] / "graine"
    git = ("git", "-c", "user.name=Forge", "-c", "user.email=forge@example.invalid")
    _run(
        "git",
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        forge / "passerelles-orleans-tours.git",
        cwd=tool["work"],
    )
    _run("git", "init", "-q", "-b", "main", seed, cwd=tool["work"])
    (seed / "README.md").write_text("# passerelles-orleans-tours\n", "utf-8")
    _run(*git, "add", ".", cwd=seed)
    _run(*git, "commit", "-q", "-m", "Initial commit", cwd=seed)
    _run("git", "push", "-q", forge / "passerelles-orleans-tours.git", "main", cwd=seed)
    url = re.search(r"git clone (\S+)", lines[0])
    assert url
    registry = re.search(r"--index-url (\S+)", "\n".join(lines))
    assert registry and registry[1] == national_index_url()
    site_packages = next((tool["bin"].parent / "lib").glob("python*/site-packages"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env |= {
        "PIP_CONFIG_FILE": os.devnull,
        "GIT_AUTHOR_NAME": "Rédaction",
        "GIT_AUTHOR_EMAIL": "redaction@example.invalid",
    }
    env |= {"GIT_COMMITTER_NAME": "Rédaction", "GIT_COMMITTER_EMAIL": "redaction@example.invalid"}
    folder = tool["work"]
    with _uninstalled(tool):
        for line in lines:
            line = line.replace(url[1], str(forge / "passerelles-orleans-tours.git"))
            line = line.replace(registry[1], index)
            result = _ci(line, folder, env)
            assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
            if line.startswith("cd "):
                folder = folder / line.split()[1]
            if "-m venv" in line:
                venv_site = next((folder / ".venv/lib").glob("python*/site-packages"))
                (venv_site / "dependances.pth").write_text(f"{site_packages}\n", "utf-8")
    pushed = _run(
        "git", "ls-tree", "-r", "--name-only", "main", cwd=forge / "passerelles-orleans-tours.git"
    )
    assert {"edition.yml", ".gitlab-ci.yml", "README.md"} <= set(pushed.split())
    readme = _run("git", "show", "main:README.md", cwd=forge / "passerelles-orleans-tours.git")
    assert "orléans-tours" in readme.lower()

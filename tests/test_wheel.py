"""Passerelles as an installed tool: the wheel, installed in a fresh virtual environment
outside the repository, builds the national site and an académie edition from a
temporary folder, and `passerelles init` gives a folder whose CI lines run as they are.

Expected values come from the YAML of the test edition (tests/fixtures/edition) and of
the national content, never from the generator."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import search_docs

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel, and a fresh virtual environment outside the repository with it installed."""
    work = tmp_path_factory.mktemp("outil")
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", ROOT, cwd=work
    )
    (wheel,) = (work / "dist").glob("passerelles-*.whl")
    _run(sys.executable, "-m", "venv", work / "venv", cwd=work)
    _run(work / "venv/bin/pip", "install", "-q", wheel, cwd=work)
    return {"wheel": wheel, "bin": work / "venv/bin", "work": work}


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
        page = (edition / f"equipes/actions/{aid}/index.html").read_text("utf-8")
        for role in named & set(CONTACTS):
            assert CONTACTS[role][0]["service"] in page, (aid, role)


def test_local_actions_and_partners_carry_their_academie(edition: Path) -> None:
    mark = "Académie d&#39;Orléans-Tours"
    for aid, action in _local("kits/actions").items():
        kit = "equipes" if "for_teams" in action else "entreprises"
        page = (edition / f"{kit}/actions/{aid}/index.html").read_text("utf-8")
        assert mark in page or "Académie d'Orléans-Tours" in page
        catalogue = (edition / f"{kit}/index.html").read_text("utf-8")
        card = re.search(rf'data-id="{aid}".*?</div>', catalogue, re.S)
        assert card and ("Orléans-Tours" in card.group(0)), aid
    for pid in _local("kits/partners"):
        assert "Orléans-Tours" in (edition / f"partenaires/{pid}/index.html").read_text("utf-8")


def test_the_hidden_action_is_gone_from_kits_search_and_open_data(edition: Path) -> None:
    for aid in HIDDEN:
        for kit in ("equipes", "entreprises"):
            assert not (edition / f"{kit}/actions/{aid}").exists()
            assert f'data-id="{aid}"' not in (edition / f"{kit}/index.html").read_text("utf-8")
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
        page = (edition / f"{kit}/index.html").read_text("utf-8")
        assert sorted(re.findall(r'class="pa-card[^"]*"[^>]*\bdata-id="([^"]+)"', page)) == expected


def test_init_gives_a_folder_that_builds_and_whose_ci_lines_run(tool: dict[str, Path]) -> None:
    folder = tool["work"] / "academie"
    _run(tool["bin"] / "passerelles", "init", folder, "--academy", "lille", cwd=tool["work"])
    ci = yaml.safe_load((folder / ".gitlab-ci.yml").read_text("utf-8"))
    env = {
        "PATH": f"{tool['bin']}{os.pathsep}{os.environ['PATH']}",
        "PASSERELLES_PACKAGE": str(tool["wheel"]),
        "PIP_NO_INDEX": "1",
    }
    lines = [*ci["default"]["before_script"], *ci["verifier"]["script"]]
    for line in lines:
        _run("bash", "-c", line, cwd=folder, env=env)
    # publishing waits for the legal notice: refused as it is, accepted once filled
    (publish,) = ci["pages"]["script"]
    refused = subprocess.run(
        ["bash", "-c", publish],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    assert refused.returncode == 1 and "mentions légales" in refused.stderr.lower()
    edition_yml = folder / "edition.yml"
    edition_yml.write_text(
        edition_yml.read_text("utf-8")
        + "legal:\n  publisher: Rectorat\n  director: La rectrice\n  host: Hébergeur, adresse\n",
        "utf-8",
    )
    _run("bash", "-c", publish, cwd=folder, env=env)
    assert (folder / "public/index.html").is_file()
    workflow = yaml.safe_load((folder / ".github/workflows/publish.yml").read_text("utf-8"))
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"] if "run" in s]
    for line in runs:
        if "links" in line:
            continue  # needs the network; its CI job runs on a schedule
        _run("bash", "-c", line, cwd=folder, env={**env, "PASSERELLES_PACKAGE": str(tool["wheel"])})

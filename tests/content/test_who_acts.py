"""« Qui contacter » says who does what: beside each step, the roles of the readers' own
side inside their own establishment or company act with them (« Qui agit »), apart from
whom they contact; a reader is never sent to contact herself, and « Trouver votre
académie » appears only beside the roles an académie helps find. Expected values are read
from the YAML of the content (shipped and fixture)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.check.validate import validate
from generator.plan import plan
from generator.render.jinja import render

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"
STEPS = ("prepare", "supervise", "lead", "follow_up")
# the side each kit's readers are on, and the folder of its pages
KITS = {"teams": ("school", "equipes"), "companies": ("company", "entreprises")}
BLOCK = re.compile(r'<section class="(pa-acting|pa-who)"[^>]*>(.*?)</section>', re.DOTALL)
ROLE_LINK = re.compile(r"\]\(\.\./\.\./interlocuteurs/([a-z0-9-]+)\.md\)")


def _yaml_files(content: Path, folder: str) -> dict[str, dict]:
    return {
        p.stem: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((content / "kits" / folder).glob("*.yml"))
    }


def _expected(content: Path) -> dict[tuple[str, str], list[tuple[list[str], list[str]]]]:
    """For each action page (kit, id): per step, who acts and whom to contact."""
    roles = _yaml_files(content, "interlocutors")
    pages = {}
    for aid, action in _yaml_files(content, "actions").items():
        for kit, (side, _folder) in KITS.items():
            if f"for_{kit}" not in action:
                continue
            steps = []
            for key in STEPS:
                named = action["steps"][key].get("interlocutors", [])
                own = [
                    r for r in named if (roles[r]["side"], roles[r]["level"]) == (side, "school")
                ]
                steps.append((own, [r for r in named if r not in own]))
            pages[(kit, aid)] = steps
    return pages


def _shown(page: str) -> list[tuple[list[str], list[str]]]:
    """Per step section of a rendered action page: the roles of each block."""
    body = page.split("## Les quatre étapes", 1)[1].split("## Liste de vérification", 1)[0]
    sections = re.split(r"^### \d\. ", body, flags=re.MULTILINE)[1:]
    shown = []
    for section in sections:
        blocks = {name: ROLE_LINK.findall(text) for name, text in BLOCK.findall(section)}
        shown.append((blocks.get("pa-acting", []), blocks.get("pa-who", [])))
    return shown


@pytest.mark.parametrize("content", [ROOT, FIXTURE], ids=["shipped", "fixture"])
def test_each_step_shows_who_acts_apart_from_whom_to_contact(content: Path) -> None:
    catalog = validate(content)
    files = render(catalog, plan(catalog)).files
    expected = _expected(content)
    assert expected
    for (kit, aid), steps in expected.items():
        page = files[f"{KITS[kit][1]}/actions/{aid}.md"].decode()
        assert _shown(page) == steps, (kit, aid)


@pytest.mark.parametrize("content", [ROOT, FIXTURE], ids=["shipped", "fixture"])
def test_a_staff_action_never_asks_its_readers_to_contact_themselves(content: Path) -> None:
    roles = _yaml_files(content, "interlocutors")
    catalog = validate(content)
    files = render(catalog, plan(catalog)).files
    staff = {
        a: x for a, x in _yaml_files(content, "actions").items() if x.get("participants") == "staff"
    }
    assert staff, "the content holds a staff action"
    for aid in staff:
        page = files[f"equipes/actions/{aid}.md"].decode()
        for _acting, contacts in _shown(page):
            assert all(
                (roles[r]["side"], roles[r]["level"]) != ("school", "school") for r in contacts
            ), aid


def test_the_academie_is_offered_only_for_the_roles_it_helps_find() -> None:
    roles = _yaml_files(FIXTURE, "interlocutors")
    catalog = validate(FIXTURE)
    files = render(catalog, plan(catalog)).files
    for page in (f for f in files if "/actions/" in f):
        for _name, block in BLOCK.findall(files[page].decode()):
            for item in re.split(r"^- ", block, flags=re.MULTILINE)[1:]:
                rid = ROLE_LINK.findall(item)[0]
                offered = "Trouver votre académie" in item
                assert offered == (roles[rid]["level"] in ("academy", "basin")), (page, rid)
    for rid, role in roles.items():
        page = files[f"interlocuteurs/{rid}.md"].decode()
        assert ("Trouver votre académie" in page) == (role["level"] in ("academy", "basin")), rid


def test_the_measure_6_action_names_a_service_the_principal_can_reach() -> None:
    """From the measure 6 action, the teams' readers (a principal among them) are sent to
    a role that is not their own side's, and with a way to reach it."""
    roles = _yaml_files(ROOT, "interlocutors")
    action = yaml.safe_load(
        (ROOT / "kits/actions/immersion-en-entreprise-des-nouveaux-cadres.yml").read_text("utf-8")
    )
    catalog = validate(ROOT)
    page = (
        render(catalog, plan(catalog))
        .files["equipes/actions/immersion-en-entreprise-des-nouveaux-cadres.md"]
        .decode()
    )
    contacts = {r for _acting, who in _shown(page) for r in who}
    named = {r for key in STEPS for r in action["steps"][key].get("interlocutors", [])}
    assert contacts == {
        r for r in named if (roles[r]["side"], roles[r]["level"]) != ("school", "school")
    }
    # among them, a service the académie's page helps find
    assert any(roles[r]["level"] in ("academy", "basin") for r in contacts)

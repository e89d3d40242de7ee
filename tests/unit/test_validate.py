from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.check.validate import validate
from generator.diagnostics.errors import ContentError


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        validate(content)
    return [str(p) for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_fixture_set_is_valid(minimal: Path) -> None:
    catalog = validate(minimal)
    assert sorted(catalog.actions) == [
        "immersion-cadres",
        "mini-entreprise",
        "rencontre-metier",
        "stage-3e",
        "visite-atelier",
    ]
    assert list(catalog.courses["tuteurs"].lessons) == [
        "pourquoi-accueillir",
        "cadre-legal",
        "premier-jour",
    ]
    assert catalog.sources[("action", "stage-3e")] == "kits/actions/stage-3e.yml"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "kits/actions/stage-3e.yml",
            "summary:",
            "sumary:",
            "kits/actions/stage-3e.yml:2:1: clé inconnue « sumary » : vouliez-vous dire « summary » ?",
        ),
        (
            "kits/actions/stage-3e.yml",
            "format: internship",
            "format: stage",
            # a French word: its code is suggested rather than the whole list
            "kits/actions/stage-3e.yml:3:9: valeur « stage » invalide : écrivez « internship », "
            "le code de cette valeur",
        ),
        (
            "kits/actions/stage-3e.yml",
            "title: Stage d'observation de 3e",
            "title: no",
            "kits/actions/stage-3e.yml:1:8: texte attendu, mais YAML a lu un booléen (« False ») : "
            "mettez la valeur entre guillemets",
        ),
        (
            "kits/actions/stage-3e.yml",
            "levels: [3e]\n",
            "",
            "kits/actions/stage-3e.yml:1:1: une action pour les élèves indique leurs niveaux dans « levels »",
        ),
        (
            "kits/actions/stage-3e.yml",
            "levels: [3e]",
            "levels: [3e, seconde]",
            "kits/actions/stage-3e.yml:4:14: valeur « seconde » invalide",
        ),
        (
            "kits/actions/stage-3e.yml",
            "partners: [plateforme-stages]",
            "partners: [plateforme-stage]",
            "kits/actions/stage-3e.yml:15:12: le partenaire « plateforme-stage » n'existe pas dans "
            "kits/partners/ : vouliez-vous dire « plateforme-stages » ?",
        ),
        (
            "kits/actions/stage-3e.yml",
            "interlocutors: [professeur-principal, referent-bassin]",
            "interlocutors: [professeur-principal, referent]",
            "kits/actions/stage-3e.yml:8:82: l'interlocuteur « referent » n'existe pas",
        ),
        (
            "kits/actions/stage-3e.yml",
            "lesson:tuteurs/pourquoi-accueillir",
            "lesson:tuteurs/inconnue",
            "kits/actions/stage-3e.yml:10:16: la leçon « tuteurs/inconnue » n'existe pas",
        ),
        (
            "kits/actions/stage-3e.yml",
            "Restitution en classe.",
            "Restitution <b>en classe</b>.",
            "kits/actions/stage-3e.yml:11:21: HTML brut interdit",
        ),
        (
            "kits/teams.yml",
            "(partner:comite-local)",
            "(javascript:alert(1))",
            "kits/teams.yml:8:11: lien « javascript: » interdit",
        ),
        (
            "kits/teams.yml",
            "[le comité local](partner:comite-local)",
            "![logo](https://x.org/a.png)",
            "kits/teams.yml:8:11: les images ne sont pas acceptées",
        ),
        (
            "kits/teams.yml",
            "(partner:comite-local)",
            "(autre.md)",
            "kits/teams.yml:8:11: lien « autre.md » non permis",
        ),
        (
            "mooc/tuteurs/lessons/premier-jour.yml",
            "body: Présentez l'équipe.",
            'body: "<script>alert(1)</script>"',
            "mooc/tuteurs/lessons/premier-jour.yml:5:7: HTML brut interdit",
        ),
        (
            "kits/actions/stage-3e.yml",
            "for_companies:",
            "for_nobody:",
            "kits/actions/stage-3e.yml:12:1: clé inconnue « for_nobody »",
        ),
        (
            "kits/partners/comite-local.yml",
            "academies: [toulouse]",
            "academies: []",
            "kits/partners/comite-local.yml:1:1: un partenaire d'échelle académique ou locale doit "
            "indiquer ses académies",
        ),
        (
            "kits/partners/comite-local.yml",
            "academies: [toulouse]",
            "academies: [marseille]",
            "kits/partners/comite-local.yml:5:13: valeur « marseille » invalide",
        ),
        (
            "kits/partners/campus-aero.yml",
            "https://example.org/campus",
            "www.example.org",
            "kits/partners/campus-aero.yml:6:10: adresse « www.example.org » invalide",
        ),
        (
            "mooc/tuteurs/course.yml",
            "total_hours: 1",
            "total_hours: 2",
            "mooc/tuteurs/course.yml:6:14: total_hours vaut 2 h mais la somme des leçons fait 1 h "
            "(60 min)",
        ),
        (
            "mooc/tuteurs/course.yml",
            "lessons: [premier-jour]",
            "lessons: [premier-jour, cadre-legal]",
            "mooc/tuteurs/course.yml:15:29: la leçon « cadre-legal » est déjà listée dans le module "
            "« preparer »",
        ),
        (
            "mooc/tuteurs/course.yml",
            "lessons: [premier-jour]",
            "lessons: [premier-jours]",
            "mooc/tuteurs/course.yml:15:15: la leçon « premier-jours » n'existe pas",
        ),
        (
            "mooc/tuteurs/lessons/pourquoi-accueillir.yml",
            "{text: Non, correct: true",
            "{text: Non, correct: false",
            "mooc/tuteurs/lessons/pourquoi-accueillir.yml:15:5: une question doit avoir au moins un "
            "choix juste",
        ),
        (
            "mooc/tuteurs/lessons/pourquoi-accueillir.yml",
            "duration_minutes: 20",
            "duration_minutes: vingt",
            "mooc/tuteurs/lessons/pourquoi-accueillir.yml:2:19: nombre entier attendu",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_place(
    minimal: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(minimal / file, old, new)
    found = problems(minimal)
    assert any(p.startswith(expected) for p in found), found


def test_a_lesson_left_out_of_the_modules_is_reported(minimal: Path) -> None:
    edit(minimal / "mooc/tuteurs/course.yml", "lessons: [premier-jour]", "lessons: [cadre-legal]")
    found = problems(minimal)
    assert any(
        p.startswith("mooc/tuteurs/lessons/premier-jour.yml:1:1: leçon absente des modules")
        for p in found
    ), found


def test_file_names_must_be_ids(minimal: Path) -> None:
    (minimal / "kits/actions/stage-3e.yml").rename(minimal / "kits/actions/Stage 3e.yml")
    found = problems(minimal)
    assert "kits/actions/Stage 3e.yml:1:1: identifiant « Stage 3e » invalide" in found[0] or any(
        "identifiant « Stage 3e » invalide" in p for p in found
    )
    # the action is gone, so the lesson link to it is now dangling too
    assert any("l'action « stage-3e » n'existe pas" in p for p in found)


def test_missing_kit_file(minimal: Path) -> None:
    (minimal / "kits/companies.yml").unlink()
    assert problems(minimal) == [
        "kits/companies.yml:1:1: fichier manquant : chaque kit a son fichier"
    ]


def test_several_independent_mistakes_are_all_reported_by_the_cli(minimal: Path) -> None:
    edit(minimal / "kits/actions/visite-atelier.yml", "format: visit", "format: visite")
    edit(
        minimal / "kits/partners/campus-aero.yml",
        "kind: network",
        "kind: network\nkind: public-body",
    )
    edit(minimal / "kits/interlocutors/tuteur.yml", "side: company", "sides: company")
    edit(
        minimal / "mooc/tuteurs/lessons/cadre-legal.yml",
        "duration_minutes: 25",
        "duration_minutes: 25\n\tmodality: distance",
    )
    edit(minimal / "kits/teams.yml", "(partner:comite-local)", "(partner:comite)")
    result = subprocess.run(
        [sys.executable, "-m", "generator.commands.cli", "validate", "--content", str(minimal)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    expected = [
        "kits/actions/visite-atelier.yml:3:9: valeur « visite » invalide",
        "kits/interlocutors/tuteur.yml:2:1: clé inconnue « sides » : vouliez-vous dire « side » ?",
        "kits/partners/campus-aero.yml:3:1: clé « kind » en double (déjà définie ligne 2)",
        "kits/teams.yml:8:11: le partenaire « comite » n'existe pas",
        "mooc/tuteurs/lessons/cadre-legal.yml:3:1: tabulation interdite",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    problems = [line for line in lines[:-1] if not line.startswith("  → ")]
    assert lines[-1].startswith(f"{len(problems)} erreurs")
    assert not (minimal / "build").exists(), "validate must not write anything"

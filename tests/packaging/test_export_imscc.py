"""IMS Common Cartridge 1.1 packages: the 1.1 namespaces and version, a manifest
whose every reference and file resolves, and quizzes as QTI 1.2 items that score
exactly the right answers (checked by a small QTI response processor here)."""

from __future__ import annotations

import html
import itertools
from pathlib import Path

import pytest
from export_support import (
    ROOT,
    YamlQuestion,
    archive_files,
    package,
    yaml_courses,
)
from lxml import etree

CC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMIMSCC = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS = {"cc": CC, "lomimscc": LOMIMSCC, "q": QTI}
ASSESSMENT = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
COURSES = yaml_courses(ROOT)


@pytest.fixture(scope="module")
def packages(exported: Path) -> Path:
    """The packages every module shares, made once per run."""
    return exported


def _files(packages: Path, course_id: str) -> dict[str, bytes]:
    return archive_files(package(packages, course_id, "imscc"))


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_common_cartridge_11_with_metadata(packages: Path, course_id: str) -> None:
    course = COURSES[course_id]
    manifest = etree.fromstring(_files(packages, course_id)["imsmanifest.xml"])
    assert manifest.tag == f"{{{CC}}}manifest"
    assert manifest.findtext("cc:metadata/cc:schema", namespaces=NS) == "IMS Common Cartridge"
    assert manifest.findtext("cc:metadata/cc:schemaversion", namespaces=NS) == "1.1.0"
    general = manifest.find("cc:metadata/lomimscc:lom/lomimscc:general", NS)
    assert general.findtext("lomimscc:title/lomimscc:string", namespaces=NS) == course.title
    assert general.findtext("lomimscc:language", namespaces=NS) == "fr"
    description = general.findtext("lomimscc:description/lomimscc:string", namespaces=NS)
    assert description == course.summary


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_modules_as_sections_lessons_and_quizzes_as_items(packages: Path, course_id: str) -> None:
    course = COURSES[course_id]
    manifest = etree.fromstring(_files(packages, course_id)["imsmanifest.xml"])
    (organization,) = manifest.findall("cc:organizations/cc:organization", NS)
    assert organization.get("structure") == "rooted-hierarchy"
    (root,) = organization.findall("cc:item", NS)
    # Moodle's converter makes the first top item its section 0 (« General »): the
    # course's presentation, so that each module lands in a section of its own
    presentation, *sections = root.findall("cc:item", NS)
    resources = {r.get("identifier"): r for r in manifest.iterfind(".//cc:resource", NS)}
    assert presentation.findtext("cc:title", namespaces=NS) == course.title
    (page,) = presentation.findall("cc:item", NS)
    assert resources[page.get("identifierref")].get("type") == "webcontent"
    for module, section in zip(course.modules, sections, strict=False):
        assert section.get("identifierref") is None
        assert section.findtext("cc:title", namespaces=NS) == module.title
        # an item without resource: the converter's label, here the module's summary
        summary, *items = section.findall("cc:item", NS)
        assert summary.get("identifierref") is None
        assert summary.findtext("cc:title", namespaces=NS) == module.summary
        expected = []
        for lesson in module.lessons:
            expected.append((lesson.title, "webcontent"))
            if lesson.quiz:
                expected.append((f"Quiz : {lesson.title}", ASSESSMENT))
        found = [
            (i.findtext("cc:title", namespaces=NS), resources[i.get("identifierref")].get("type"))
            for i in items
        ]
        assert found == expected
    extra = len(sections) - len(course.modules)
    assert extra == (1 if course.has_planner or course.has_self_assessment else 0)


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_every_reference_and_file_resolves(packages: Path, course_id: str) -> None:
    files = _files(packages, course_id)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    identifiers = {r.get("identifier") for r in manifest.iterfind(".//cc:resource", NS)}
    refs = [e.get("identifierref") for e in manifest.iterfind(".//*[@identifierref]")]
    assert refs and all(ref in identifiers for ref in refs)
    listed = [f.get("href") for f in manifest.iterfind(".//cc:file", NS)]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(files) - {"imsmanifest.xml"}
    for resource in manifest.iterfind(".//cc:resource[@href]", NS):
        assert resource.get("href") in files


# ------------------------------------------------------------------ QTI


def _condition(node: etree._Element, chosen: set[str]) -> bool:
    """A QTI 1.2 condition against the set of chosen response idents."""
    tag = etree.QName(node).localname
    children = [c for c in node if isinstance(c.tag, str)]
    if tag == "conditionvar" or tag == "and":
        return all(_condition(c, chosen) for c in children)
    if tag == "or":
        return any(_condition(c, chosen) for c in children)
    if tag == "not":
        return not _condition(children[0], chosen)
    if tag == "other":
        return True
    if tag == "varequal":
        return (node.text or "").strip() in chosen
    raise AssertionError(f"condition QTI inattendue : {tag}")


def process(item: etree._Element, chosen: set[str]) -> tuple[float, list[str]]:
    """SCORE and the feedbacks shown for a response, by QTI 1.2 response processing."""
    score = 0.0
    shown: list[str] = []
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        if not _condition(condition.find("q:conditionvar", NS), chosen):
            continue
        for setvar in condition.iterfind("q:setvar", NS):
            value = float(setvar.text or 0)
            score = score + value if setvar.get("action") == "Add" else value
        shown += [f.get("linkrefid") for f in condition.iterfind("q:displayfeedback", NS)]
        if condition.get("continue", "No") != "Yes":
            break
    return score, shown


def _feedback(item: etree._Element, ident: str) -> str:
    node = item.find(f"q:itemfeedback[@ident='{ident}']/q:flow_mat/q:material/q:mattext", NS)
    assert node is not None and node.get("texttype") == "text/html", ident
    return html.unescape(node.text or "")


def _check_item(item: etree._Element, question: YamlQuestion) -> None:
    profile = item.findtext(
        "q:itemmetadata/q:qtimetadata/q:qtimetadatafield/q:fieldentry", namespaces=NS
    )
    assert profile == (
        "cc.multiple_response.v0p1" if question.multiple else "cc.multiple_choice.v0p1"
    )
    prompt = item.findtext("q:presentation/q:material/q:mattext", namespaces=NS)
    assert html.unescape(prompt or "") == question.text
    labels = item.findall("q:presentation/q:response_lid/q:render_choice/q:response_label", NS)
    texts = {
        lab.get("ident"): html.unescape(lab.findtext("q:material/q:mattext", namespaces=NS) or "")
        for lab in labels
    }
    assert sorted(texts.values()) == sorted(c.text for c in question.choices)
    ident_of = {text: ident for ident, text in texts.items()}
    right = {ident_of[question.choices[i].text] for i in question.correct}
    # every response scores 100 if and only if it is exactly the right choices (a
    # single-choice item takes one choice; a multiple-response one, any set)
    sizes = range(1, len(texts) + 1) if question.multiple else (1,)
    for size in sizes:
        for chosen in itertools.combinations(sorted(texts), size):
            score, _ = process(item, set(chosen))
            assert score in (0, 100)
            assert (score == 100) == (set(chosen) == right), (question.text, chosen)
    # each choice, chosen alone, shows its own feedback
    for choice in question.choices:
        _, shown = process(item, {ident_of[choice.text]})
        feedbacks = [_feedback(item, ident) for ident in shown]
        assert choice.feedback in feedbacks, choice.text
    explained = any(
        item.find(f"q:itemfeedback[@ident='{ident}']", NS) is not None
        for ident in process(item, set())[1]
    )
    assert explained == bool(question.explanation)
    # no hard line break in any text: Moodle's importer turns each into a <br>
    for mattext in item.iterfind(".//q:mattext", NS):
        assert "\n" not in (mattext.text or ""), mattext.text
    assert cc2olx_key(item) == right, question.text


def cc2olx_key(item: etree._Element) -> set[str]:
    """The answer key as Open edX's cc2olx reads it: every choice named in the
    conditions read until the first that stops (the score itself is not read)."""
    key: set[str] = set()
    for condition in item.iterfind("q:resprocessing/q:respcondition", NS):
        named = condition.findall("q:conditionvar/q:varequal", NS)
        if not named:
            named = condition.findall("q:conditionvar/q:and/q:varequal", NS)
            named += condition.findall("q:conditionvar/q:or/q:varequal", NS)
        key |= {(v.text or "").strip() for v in named}
        if condition.get("continue", "No") == "No":
            break
    return key


@pytest.mark.parametrize("course_id", sorted(COURSES))
def test_each_quiz_is_a_qti_assessment_scoring_the_right_answers(
    packages: Path, course_id: str
) -> None:
    course = COURSES[course_id]
    files = _files(packages, course_id)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    quizzes = manifest.findall(f".//cc:resource[@type='{ASSESSMENT}']", NS)
    assert len(quizzes) == sum(1 for lesson in course.lessons() if lesson.quiz)
    by_title = {}
    for resource in quizzes:
        (file,) = resource.findall("cc:file", NS)
        document = etree.fromstring(files[file.get("href")])
        assert document.tag == f"{{{QTI}}}questestinterop"
        assessment = document.find("q:assessment", NS)
        by_title[assessment.get("title")] = assessment
    items_total = 0
    for lesson in course.lessons():
        if not lesson.quiz:
            continue
        assessment = by_title[f"Quiz : {lesson.title}"]
        items = assessment.findall("q:section/q:item", NS)
        assert len(items) == len(lesson.quiz), lesson.id
        for item, question in zip(items, lesson.quiz, strict=True):
            _check_item(item, question)
        items_total += len(items)
    assert items_total == len(course.questions())


def test_the_processor_catches_a_wrong_key(packages: Path) -> None:
    """The QTI check can fail: an item that scores a wrong choice is caught."""
    course = next(c for c in COURSES.values() if c.questions())
    lesson = next(lesson for lesson in course.lessons() if lesson.quiz)
    question = lesson.quiz[0]
    files = _files(packages, course.id)
    document = etree.fromstring(files[f"quiz/{lesson.id}/assessment.xml"])
    item = document.find("q:assessment/q:section/q:item", NS)
    for setvar in item.iterfind(".//q:setvar", NS):
        setvar.text = "100"
    with pytest.raises(AssertionError):
        _check_item(item, question)

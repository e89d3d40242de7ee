"""A Moodle course backup (.mbz), restored by Moodle's standard restore (the web
wizard or admin/cli/restore_backup.php) as a course of its own.

The format is the one Moodle's backup code writes (backup/moodle2/ and the
backup steps of mod_page, mod_quiz and qtype_multichoice): a moodle_backup.xml
that lists the sections and activities, one folder per section and per
activity, the course's question bank in questions.xml, the files of the pages
in files/ (named by their SHA-1) and listed in files.xml. It is written as
Moodle 4.5 LTS writes it (backup version 2024100700), which Moodle 4.5 and 5.0
restore; older versions refuse a backup from a newer Moodle.

What it holds:
- the course (full name, short name = the course id, its summary and
  description), one section per module with its title and summary;
- one Page per lesson and per tool (week planner, self-assessment grid), each
  with its stylesheet and scripts as the page's own files (Moodle shows a
  page's content unfiltered, so its forms and scripts work);
- one Quiz per lesson quiz, its questions in the course's question bank:
  multiple choice with one feedback per choice and the explanation as general
  feedback; a multi-answer question gives each right choice 1/k of the mark and
  each wrong one −1/w, so that ticking everything scores 0. The quiz behaves
  as the site's quiz does (« immediate feedback »: each question checked on its
  own) and its review options show the correctness, the marks, each choice's
  feedback, the explanation and the right answer at every moment Moodle knows
  (during the attempt, just after it, later while open, after closing): the
  quizzes are for practice, their answers are in the lessons anyway. Graded
  out of 100 (one mark per question), passed at the SCORM lessons' mastery
  score;
- links between lessons as Moodle's encoded links ($@PAGEVIEWBYID*…@$), which
  the restore points at the restored pages;
- completion: a page when viewed, a quiz when its passing grade is reached.
"""

from __future__ import annotations

import hashlib
import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.check.catalog import Catalog
from generator.export.lesson_html import (
    CourseDoc,
    LessonDoc,
    QuizQuestion,
    Rendering,
    render_course,
    unwrapped,
)
from generator.export.scorm12 import MASTERY_SCORE, package_paths
from generator.export.templates import STYLESHEET, asset
from generator.plan.pages import CourseOutline

# Moodle 4.5 LTS (2024100700): the oldest version that restores what is written here.
MOODLE_VERSION = "2024100700"
MOODLE_RELEASE = "4.5 (Build: 20241007)"
BACKUP_RELEASE = "4.5"
NULL = "$@NULL@$"  # how a backup writes a database NULL
FORMAT_HTML = "1"
# Ids of the backup's own world; the restore maps each to a new one.
SYSTEM_CONTEXT = 1
COURSE_ID = 1
COURSE_CONTEXT = 2
# A quiz's grade out of 100, so that the grade reads as a percentage; passed from
# the SCORM lessons' mastery score.
QUIZ_GRADE = 100
# Review options: a bit per moment (during the attempt, just after it, later
# while the quiz is open, after it closes), all four for each thing shown.
REVIEW_ALWAYS = 0x10000 | 0x01000 | 0x00100 | 0x00010
REVIEW_AFTER = 0x01000 | 0x00100 | 0x00010  # the overall feedback has no « during »
# Each question checked on its own, with its feedback at once (as on the site).
BEHAVIOUR = "immediatefeedback"
COMMON = "commun"
FEEDBACK_RIGHT = "Votre réponse est juste."
FEEDBACK_PARTLY = "Votre réponse est en partie juste."
FEEDBACK_WRONG = "Votre réponse n'est pas juste."


@dataclass
class _Activity:
    cmid: int
    kind: str  # "page" or "quiz"
    title: str
    section: int  # section number
    lesson: LessonDoc | None = None
    html: str = ""
    scripts: tuple[str, ...] = ()

    @property
    def context(self) -> int:
        return 1000 + self.cmid

    @property
    def directory(self) -> str:
        return f"activities/{self.kind}_{self.cmid}"


@dataclass
class _Section:
    number: int
    name: str
    summary_html: str
    activities: list[_Activity] = field(default_factory=list)

    @property
    def id(self) -> int:
        return 100 + self.number

    @property
    def directory(self) -> str:
        return f"sections/section_{self.id}"


def files(
    catalog: Catalog, outline: CourseOutline, site_url: str | None, epoch: int
) -> dict[str, bytes]:
    """Every file of the backup, by its path inside it."""
    links = _links(outline)
    doc = render_course(Rendering(catalog, outline, site_url, lambda _path: links))
    return _Writer(doc, _plan(outline, doc), epoch).files()


# ------------------------------------------------------------------ plan


def _links(outline: CourseOutline) -> dict[str, str]:
    """Site path → Moodle's encoded link to the restored activity or course."""
    links = {outline.home: f"$@COURSEVIEWBYID*{COURSE_ID}@$"}
    for number, site_path in enumerate(package_paths(outline), start=1):
        links[site_path] = f"$@PAGEVIEWBYID*{_page_cmid(number)}@$"
    return links


def _page_cmid(number: int) -> int:
    """The module id of the n-th page (lessons in order, then tools): quizzes come after."""
    return number


def _plan(outline: CourseOutline, doc: CourseDoc) -> list[_Section]:
    """The course's sections and their activities: a page per lesson (its quiz after
    it), the tools' pages in a last section."""
    pages = list(package_paths(outline))
    cmid_of = {site_path: _page_cmid(n) for n, site_path in enumerate(pages, start=1)}
    next_quiz = len(pages) + 1
    sections = [_Section(0, "", doc.description_html)]
    for number, module in enumerate(doc.modules, start=1):
        section = _Section(
            number, module.title, f"<p>{html.escape(module.summary, quote=False)}</p>"
        )
        for lesson in module.lessons:
            section.activities.append(
                _Activity(cmid_of[lesson.site_path], "page", lesson.title, number, lesson=lesson)
            )
            if lesson.quiz:
                section.activities.append(
                    _Activity(next_quiz, "quiz", f"Quiz : {lesson.title}", number, lesson=lesson)
                )
                next_quiz += 1
        sections.append(section)
    if doc.tools:
        number = len(sections)
        section = _Section(number, "Outils", "")
        for tool in doc.tools:
            section.activities.append(
                _Activity(
                    cmid_of[tool.site_path],
                    "page",
                    tool.title,
                    number,
                    html=tool.html,
                    scripts=tool.scripts,
                )
            )
        sections.append(section)
    return sections


# ------------------------------------------------------------------ XML


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _el(
    parent: ET.Element | None, tag: str, attrs: Mapping[str, object] | None = None
) -> ET.Element:
    attrib = {k: str(v) for k, v in (attrs or {}).items()}
    return ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)


def _fields(parent: ET.Element, values: Mapping[str, object]) -> ET.Element:
    """Child elements in the given order, one per value (None: the backup's NULL)."""
    for name, value in values.items():
        _el(parent, name).text = NULL if value is None else str(value)
    return parent


def _empty(tag: str, *children: str) -> bytes:
    root = _el(None, tag)
    for child in children:
        _el(root, child).text = "\n"
    return _xml(root)


def _fraction(value: float) -> str:
    return f"{value:.7f}"


@dataclass(frozen=True)
class _File:
    id: int
    context: int
    component: str
    filearea: str
    filepath: str
    filename: str
    data: bytes
    mimetype: str

    @property
    def hash(self) -> str:
        return hashlib.sha1(self.data, usedforsecurity=False).hexdigest()


_MIMETYPES = {".css": "text/css", ".js": "application/javascript"}


class _Writer:
    """Writes the backup's documents from the planned sections."""

    def __init__(self, doc: CourseDoc, sections: list[_Section], epoch: int) -> None:
        self.doc = doc
        self.sections = sections
        self.epoch = epoch
        self.out: dict[str, bytes] = {}
        self.files_: list[_File] = []
        self.questions = _QuestionBank(doc, epoch)

    @property
    def activities(self) -> list[_Activity]:
        return [a for s in self.sections for a in s.activities]

    def files(self) -> dict[str, bytes]:
        for section in self.sections:
            self._section(section)
        for activity in self.activities:
            if activity.kind == "page":
                self._page(activity)
            else:
                self._quiz(activity)
        self.out["questions.xml"] = self.questions.xml()
        self._course()
        self._root_files()
        self.out["files.xml"] = self._files_xml()
        for file in self.files_:
            self.out[f"files/{file.hash[:2]}/{file.hash}"] = file.data
        self.out["moodle_backup.xml"] = self._main()
        return self.out

    # ---- course and sections

    def _course(self) -> None:
        course = _el(None, "course", {"id": COURSE_ID, "contextid": COURSE_CONTEXT})
        summary = f"<p>{html.escape(self.doc.summary, quote=False)}</p>"
        _fields(
            course,
            {
                "shortname": self.doc.id,
                "fullname": self.doc.title,
                "idnumber": "",
                "summary": summary,
                "summaryformat": FORMAT_HTML,
                "format": "topics",
                "showgrades": 1,
                "newsitems": 0,
                "startdate": self.epoch,
                "enddate": 0,
                "marker": 0,
                "maxbytes": 0,
                "legacyfiles": 0,
                "showreports": 0,
                "visible": 1,
                "groupmode": 0,
                "groupmodeforce": 0,
                "defaultgroupingid": 0,
                "lang": "fr",
                "theme": "",
                "timecreated": self.epoch,
                "timemodified": self.epoch,
                "requested": 0,
                "showactivitydates": 0,
                "showcompletionconditions": 1,
                "pdfexportfont": None,
                "enablecompletion": 1,
                "completionstartonenrol": 0,
                "completionnotify": 0,
            },
        )
        category = _el(course, "category", {"id": 1})
        _fields(category, {"name": "Passerelles", "description": None})
        _el(course, "tags").text = "\n"
        _el(course, "customfields").text = "\n"
        options = _el(course, "courseformatoptions")
        for name, value in (("hiddensections", 1), ("coursedisplay", 0)):
            _fields(
                _el(options, "courseformatoption"),
                {"format": "topics", "sectionid": 0, "name": name, "value": value},
            )
        self.out["course/course.xml"] = _xml(course)
        self.out["course/inforef.xml"] = _empty("inforef")
        self.out["course/enrolments.xml"] = _empty("enrolments", "enrols")
        self.out["course/roles.xml"] = _empty("roles", "role_overrides", "role_assignments")
        self.out["course/filters.xml"] = _empty("filters", "filter_actives", "filter_configs")
        self.out["course/comments.xml"] = _empty("comments")
        self.out["course/calendar.xml"] = _empty("events")
        self.out["course/competencies.xml"] = _empty(
            "course_competencies", "competencies", "user_competencies"
        )
        self.out["course/completiondefaults.xml"] = _empty("course_completion_defaults")
        self.out["course/contentbank.xml"] = _empty("contents")

    def _section(self, section: _Section) -> None:
        root = _el(None, "section", {"id": section.id})
        _fields(
            root,
            {
                "number": section.number,
                "name": section.name if section.name else None,
                "summary": section.summary_html,
                "summaryformat": FORMAT_HTML,
                "sequence": ",".join(str(a.cmid) for a in section.activities),
                "visible": 1,
                "availabilityjson": None,
                "component": None,
                "itemid": None,
                "timemodified": self.epoch,
            },
        )
        _el(root, "course_format_options").text = "\n"
        self.out[f"{section.directory}/section.xml"] = _xml(root)
        self.out[f"{section.directory}/inforef.xml"] = _empty("inforef")

    # ---- activities

    def _module(self, activity: _Activity, *, quiz: bool) -> None:
        section = self.sections[activity.section]
        root = _el(None, "module", {"id": activity.cmid, "version": MOODLE_VERSION})
        _fields(
            root,
            {
                "modulename": activity.kind,
                "sectionid": section.id,
                "sectionnumber": section.number,
                "idnumber": "",
                "added": self.epoch,
                "score": 0,
                "indent": 0,
                "visible": 1,
                "visibleoncoursepage": 1,
                "visibleold": 1,
                "groupmode": 0,
                "groupingid": 0,
                # automatic completion: a page when viewed, a quiz when passed
                "completion": 2,
                "completiongradeitemnumber": 0 if quiz else None,
                "completionpassgrade": 1 if quiz else 0,
                "completionview": 0 if quiz else 1,
                "completionexpected": 0,
                "availability": None,
                "showdescription": 0,
                "downloadcontent": 1,
                "lang": None,
            },
        )
        _el(root, "tags").text = "\n"
        base = activity.directory
        self.out[f"{base}/module.xml"] = _xml(root)
        self.out[f"{base}/roles.xml"] = _empty("roles", "role_overrides", "role_assignments")
        self.out[f"{base}/filters.xml"] = _empty("filters", "filter_actives", "filter_configs")
        self.out[f"{base}/comments.xml"] = _empty("comments")
        self.out[f"{base}/calendar.xml"] = _empty("events")
        self.out[f"{base}/competencies.xml"] = _empty("course_module_competencies", "competencies")
        self.out[f"{base}/completion.xml"] = _empty("completions", "completionviews")
        self.out[f"{base}/grade_history.xml"] = _empty("grade_history", "grade_grades")
        self.out[f"{base}/xapistate.xml"] = _empty("states")

    def _activity_root(self, activity: _Activity) -> tuple[ET.Element, ET.Element]:
        root = _el(
            None,
            "activity",
            {
                "id": activity.cmid,
                "moduleid": activity.cmid,
                "modulename": activity.kind,
                "contextid": activity.context,
            },
        )
        return root, _el(root, activity.kind, {"id": activity.cmid})

    def _page(self, activity: _Activity) -> None:
        self._module(activity, quiz=False)
        body = activity.lesson.html if activity.lesson else activity.html
        names = [STYLESHEET, *activity.scripts]
        refs = [self._add_file(activity, name) for name in names]
        scripts = "".join(
            f'\n<script src="@@PLUGINFILE@@/{COMMON}/{name}"></script>' for name in activity.scripts
        )
        content = (
            f'<link rel="stylesheet" href="@@PLUGINFILE@@/{COMMON}/{STYLESHEET}">\n'
            f'<div class="pa-export">\n{body}\n</div>{scripts}'
        )
        root, page = self._activity_root(activity)
        _fields(
            page,
            {
                "name": activity.title,
                "intro": "",
                "introformat": FORMAT_HTML,
                "content": content,
                "contentformat": FORMAT_HTML,
                "legacyfiles": 0,
                "legacyfileslast": None,
                "display": 5,  # RESOURCELIB_DISPLAY_OPEN: in the course's own page
                "displayoptions": 'a:2:{s:12:"printheading";s:1:"1";s:10:"printintro";s:1:"0";}',
                "revision": 1,
                "timemodified": self.epoch,
            },
        )
        self.out[f"{activity.directory}/page.xml"] = _xml(root)
        self.out[f"{activity.directory}/grades.xml"] = _grades([])
        self.out[f"{activity.directory}/inforef.xml"] = _inforef(files=refs)

    def _add_file(self, activity: _Activity, name: str) -> int:
        file = _File(
            id=len(self.files_) + 1,
            context=activity.context,
            component="mod_page",
            filearea="content",
            filepath=f"/{COMMON}/",
            filename=name,
            data=asset(name),
            mimetype=_MIMETYPES.get(name[name.rfind(".") :], "application/octet-stream"),
        )
        self.files_.append(file)
        return file.id

    def _quiz(self, activity: _Activity) -> None:
        assert activity.lesson is not None
        self._module(activity, quiz=True)
        entries = [self.questions.add(activity.lesson, q) for q in activity.lesson.quiz]
        root, quiz = self._activity_root(activity)
        count = len(entries)
        _fields(quiz, _quiz_settings(activity.title, count, self.epoch))
        _el(quiz, "quiz_grade_items").text = "\n"
        _question_instances(_el(quiz, "question_instances"), activity, entries)
        sections = _el(quiz, "sections")
        _fields(
            _el(sections, "section", {"id": activity.cmid}),
            {"firstslot": 1, "heading": "", "shufflequestions": 0},
        )
        for empty in ("feedbacks", "overrides", "grades", "attempts"):
            _el(quiz, empty).text = "\n"
        self.out[f"{activity.directory}/quiz.xml"] = _xml(root)
        item = {
            "id": activity.cmid,
            "itemname": activity.title,
            "itemmodule": "quiz",
            "iteminstance": activity.cmid,
            "gradepass": _fraction(QUIZ_GRADE * MASTERY_SCORE / 100),
            "sortorder": activity.cmid,
        }
        self.out[f"{activity.directory}/grades.xml"] = _grades([item])
        self.out[f"{activity.directory}/inforef.xml"] = _inforef(
            grade_items=[activity.cmid], question_categories=self.questions.category_ids
        )

    # ---- the files at the root

    def _root_files(self) -> None:
        self.out["roles.xml"] = _empty("roles_definition")
        self.out["users.xml"] = _empty("users")
        self.out["groups.xml"] = _empty("groups", "groupings")
        self.out["scales.xml"] = _empty("scales_definition")
        self.out["outcomes.xml"] = _empty("outcomes_definition")
        self.out["grade_history.xml"] = _empty("grade_history", "grade_grades")
        self.out["badges.xml"] = _empty("badges")
        self.out["completion.xml"] = _empty("course_completion")
        self.out["gradebook.xml"] = self._gradebook()

    def _gradebook(self) -> bytes:
        root = _el(None, "gradebook")
        _el(root, "attributes").text = "\n"
        categories = _el(root, "grade_categories")
        _fields(
            _el(categories, "grade_category", {"id": 1}),
            {
                "parent": None,
                "depth": 1,
                "path": "/1/",
                "fullname": "?",
                "aggregation": 13,  # natural
                "keephigh": 0,
                "droplow": 0,
                "aggregateonlygraded": 1,
                "aggregateoutcomes": 0,
                "timecreated": self.epoch,
                "timemodified": self.epoch,
                "hidden": 0,
            },
        )
        items = _el(root, "grade_items")
        _grade_item(
            items,
            {
                "id": 0,
                "categoryid": None,
                "itemname": None,
                "itemtype": "course",
                "itemmodule": None,
                "iteminstance": 1,
                "itemnumber": None,
                "gradepass": _fraction(0),
                "sortorder": 1,
                "grademax": _fraction(QUIZ_GRADE),
            },
        )
        _el(root, "grade_letters").text = "\n"
        settings = _el(root, "grade_settings")
        _fields(_el(settings, "grade_setting", {"id": ""}), {"name": "minmaxtouse", "value": 1})
        return _xml(root)

    def _files_xml(self) -> bytes:
        root = _el(None, "files")
        for file in self.files_:
            _fields(
                _el(root, "file", {"id": file.id}),
                {
                    "contenthash": file.hash,
                    "contextid": file.context,
                    "component": file.component,
                    "filearea": file.filearea,
                    "itemid": 0,
                    "filepath": file.filepath,
                    "filename": file.filename,
                    "userid": None,
                    "filesize": len(file.data),
                    "mimetype": file.mimetype,
                    "status": 0,
                    "timecreated": self.epoch,
                    "timemodified": self.epoch,
                    "source": file.filename,
                    "author": None,
                    "license": None,
                    "sortorder": 0,
                    "repositorytype": None,
                    "repositoryid": None,
                    "reference": None,
                },
            )
        return _xml(root)

    def _main(self) -> bytes:
        root = _el(None, "moodle_backup")
        info = _el(root, "information")
        name = f"{self.doc.id}.mbz"
        _fields(
            info,
            {
                "name": name,
                "moodle_version": MOODLE_VERSION,
                "moodle_release": MOODLE_RELEASE,
                "backup_version": MOODLE_VERSION,
                "backup_release": BACKUP_RELEASE,
                "backup_date": self.epoch,
                "mnet_remoteusers": 0,
                "include_files": 1,
                "include_file_references_to_external_content": 0,
                "original_wwwroot": "https://passerelles.invalid",
                "original_site_identifier_hash": hashlib.md5(
                    b"passerelles", usedforsecurity=False
                ).hexdigest(),
                "original_course_id": COURSE_ID,
                "original_course_format": "topics",
                "original_course_fullname": self.doc.title,
                "original_course_shortname": self.doc.id,
                "original_course_startdate": self.epoch,
                "original_course_enddate": 0,
                "original_course_contextid": COURSE_CONTEXT,
                "original_system_contextid": SYSTEM_CONTEXT,
            },
        )
        details = _el(info, "details")
        backup_id = hashlib.md5(self.doc.id.encode(), usedforsecurity=False).hexdigest()
        _fields(
            _el(details, "detail", {"backup_id": backup_id}),
            {
                "type": "course",
                "format": "moodle2",
                "interactive": 1,
                "mode": 10,
                "execution": 1,
                "executiontime": 0,
            },
        )
        self._contents(_el(info, "contents"))
        _settings(_el(info, "settings"), name, self.sections, self.activities)
        return _xml(root)

    def _contents(self, contents: ET.Element) -> None:
        """What moodle_backup.xml lists: each activity and section, and the course."""
        activities = _el(contents, "activities")
        for activity in self.activities:
            _fields(
                _el(activities, "activity"),
                {
                    "moduleid": activity.cmid,
                    "sectionid": self.sections[activity.section].id,
                    "modulename": activity.kind,
                    "title": activity.title,
                    "directory": activity.directory,
                    "insubsection": "",
                },
            )
        sections = _el(contents, "sections")
        for section in self.sections:
            _fields(
                _el(sections, "section"),
                {
                    "sectionid": section.id,
                    "title": section.name or str(section.number),
                    "directory": section.directory,
                    "parentcmid": "",
                    "modname": "",
                },
            )
        _fields(
            _el(contents, "course"),
            {"courseid": COURSE_ID, "title": self.doc.id, "directory": "course"},
        )


def _quiz_settings(title: str, count: int, epoch: int) -> dict[str, object]:
    """A quiz's settings: each question checked at once, feedback and right answers
    shown during and after the attempt, graded out of QUIZ_GRADE."""
    return {
        "name": title,
        "intro": "",
        "introformat": FORMAT_HTML,
        "timeopen": 0,
        "timeclose": 0,
        "timelimit": 0,
        "overduehandling": "autosubmit",
        "graceperiod": 0,
        "preferredbehaviour": BEHAVIOUR,
        "canredoquestions": 0,
        "attempts_number": 0,
        "attemptonlast": 0,
        "grademethod": 1,  # the highest grade
        "decimalpoints": 0,
        "questiondecimalpoints": -1,
        "reviewattempt": REVIEW_ALWAYS,
        "reviewcorrectness": REVIEW_ALWAYS,
        "reviewmaxmarks": REVIEW_ALWAYS,
        "reviewmarks": REVIEW_ALWAYS,
        "reviewspecificfeedback": REVIEW_ALWAYS,
        "reviewgeneralfeedback": REVIEW_ALWAYS,
        "reviewrightanswer": REVIEW_ALWAYS,
        "reviewoverallfeedback": REVIEW_AFTER,
        "questionsperpage": 0,
        "navmethod": "free",
        "shuffleanswers": 0,
        "sumgrades": _fraction(count),
        "grade": _fraction(QUIZ_GRADE),
        "timecreated": epoch,
        "timemodified": epoch,
        "password": "",
        "subnet": "",
        "browsersecurity": "-",
        "delay1": 0,
        "delay2": 0,
        "showuserpicture": 0,
        "showblocks": 0,
        "completionattemptsexhausted": 0,
        "completionminattempts": 0,
        "allowofflineattempts": 0,
    }


def _question_instances(parent: ET.Element, activity: _Activity, entries: list[int]) -> None:
    """A quiz's slots, one question each (its bank entry's latest version), one mark each."""
    for slot, entry in enumerate(entries, start=1):
        instance = _el(parent, "question_instance", {"id": activity.cmid * 100 + slot})
        _fields(
            instance,
            {
                "quizid": activity.cmid,
                "slot": slot,
                "page": 1,
                "displaynumber": None,
                "requireprevious": 0,
                "maxmark": _fraction(1),
                "quizgradeitemid": None,
            },
        )
        reference = _el(instance, "question_reference", {"id": activity.cmid * 100 + slot})
        _fields(
            reference,
            {
                "usingcontextid": activity.context,
                "component": "mod_quiz",
                "questionarea": "slot",
                "questionbankentryid": entry,
                "version": None,
            },
        )


def _settings(
    parent: ET.Element, name: str, sections: list[_Section], activities: list[_Activity]
) -> None:
    root = {
        "filename": name,
        "imscc11": 0,
        "users": 0,
        "anonymize": 0,
        "role_assignments": 0,
        "activities": 1,
        "blocks": 0,
        "files": 1,
        "filters": 0,
        "comments": 0,
        "badges": 0,
        "calendarevents": 0,
        "userscompletion": 0,
        "logs": 0,
        "grade_histories": 0,
        "questionbank": 1,
        "groups": 0,
        "competencies": 0,
        "customfield": 0,
        "contentbankcontent": 0,
        "xapistate": 0,
        "legacyfiles": 0,
    }
    for key, value in root.items():
        _fields(_el(parent, "setting"), {"level": "root", "name": key, "value": value})
    by_section: dict[int, list[_Activity]] = {}
    for activity in activities:
        by_section.setdefault(activity.section, []).append(activity)
    for section in sections:
        tag = f"section_{section.id}"
        for suffix in ("included", "userinfo"):
            _fields(
                _el(parent, "setting"),
                {
                    "level": "section",
                    "section": tag,
                    "name": f"{tag}_{suffix}",
                    "value": 1 if suffix == "included" else 0,
                },
            )
        for activity in by_section.get(section.number, []):
            key = f"{activity.kind}_{activity.cmid}"
            for suffix in ("included", "userinfo"):
                _fields(
                    _el(parent, "setting"),
                    {
                        "level": "activity",
                        "activity": key,
                        "name": f"{key}_{suffix}",
                        "value": 1 if suffix == "included" else 0,
                    },
                )


def _grade_item(parent: ET.Element, values: Mapping[str, object]) -> None:
    item = _el(parent, "grade_item", {"id": values["id"]})
    _fields(
        item,
        {
            "categoryid": values.get("categoryid", 1),
            "itemname": values["itemname"],
            "itemtype": values.get("itemtype", "mod"),
            "itemmodule": values["itemmodule"],
            "iteminstance": values["iteminstance"],
            "itemnumber": values.get("itemnumber", 0),
            "iteminfo": None,
            "idnumber": "",
            "calculation": None,
            "gradetype": 1,
            "grademax": values.get("grademax", _fraction(QUIZ_GRADE)),
            "grademin": _fraction(0),
            "scaleid": None,
            "outcomeid": None,
            "gradepass": values["gradepass"],
            "multfactor": _fraction(1),
            "plusfactor": _fraction(0),
            "aggregationcoef": _fraction(0),
            "aggregationcoef2": _fraction(0),
            "weightoverride": 0,
            "sortorder": values["sortorder"],
            "display": 0,
            "decimals": None,
            "hidden": 0,
            "locked": 0,
            "locktime": 0,
            "needsupdate": 0,
            "timecreated": 0,
            "timemodified": 0,
        },
    )
    _el(item, "grade_grades").text = "\n"


def _grades(items: Iterable[Mapping[str, object]]) -> bytes:
    root = _el(None, "activity_gradebook")
    parent = _el(root, "grade_items")
    for item in items:
        _grade_item(parent, item)
    _el(root, "grade_letters").text = "\n"
    return _xml(root)


def _inforef(
    *,
    files: Iterable[int] = (),
    grade_items: Iterable[int] = (),
    question_categories: Iterable[int] = (),
) -> bytes:
    root = _el(None, "inforef")
    for group, tag, ids in (
        ("fileref", "file", files),
        ("grade_itemref", "grade_item", grade_items),
        ("question_categoryref", "question_category", question_categories),
    ):
        chosen = list(ids)
        if chosen:
            refs = _el(root, group)
            for ident in chosen:
                _fields(_el(refs, tag), {"id": ident})
    return _xml(root)


class _QuestionBank:
    """The course's question bank: a top category, the course's default category
    with every question of every quiz, one bank entry and one version per question."""

    TOP = 1
    DEFAULT = 2

    def __init__(self, doc: CourseDoc, epoch: int) -> None:
        self.doc = doc
        self.epoch = epoch
        self.entries: list[ET.Element] = []
        self.answers = 0

    @property
    def category_ids(self) -> list[int]:
        return [self.TOP, self.DEFAULT]

    def add(self, lesson: LessonDoc, question: QuizQuestion) -> int:
        """Adds a question; returns its bank entry's id."""
        ident = len(self.entries) + 1
        entry = _el(None, "question_bank_entry", {"id": ident})
        _fields(entry, {"questioncategoryid": self.DEFAULT, "idnumber": None, "ownerid": None})
        versions = _el(_el(entry, "question_version"), "question_versions", {"id": ident})
        _fields(versions, {"version": 1, "status": "ready"})
        node = _el(_el(versions, "questions"), "question", {"id": ident})
        _fields(
            node,
            {
                "parent": 0,
                "name": f"{lesson.title} — question {question.number}",
                "questiontext": f"<p>{html.escape(unwrapped(question.text), quote=False)}</p>",
                "questiontextformat": FORMAT_HTML,
                "generalfeedback": unwrapped(question.explanation_html or ""),
                "generalfeedbackformat": FORMAT_HTML,
                "defaultmark": _fraction(1),
                "penalty": _fraction(1 / 3),
                "qtype": "multichoice",
                "length": 1,
                "stamp": f"passerelles+{self.doc.id}+{lesson.id}+{question.number}",
                "timecreated": self.epoch,
                "timemodified": self.epoch,
                "createdby": None,
                "modifiedby": None,
            },
        )
        self._multichoice(node, ident, question)
        _el(node, "question_hints").text = "\n"
        _el(node, "tags").text = "\n"
        self.entries.append(entry)
        return ident

    def _multichoice(self, node: ET.Element, ident: int, question: QuizQuestion) -> None:
        plugin = _el(node, "plugin_qtype_multichoice_question")
        answers = _el(plugin, "answers")
        right = sum(choice.correct for choice in question.choices)
        wrong = len(question.choices) - right
        for choice in question.choices:
            self.answers += 1
            if not question.multiple:
                fraction = 1.0 if choice.correct else 0.0
            else:
                # ticking every box scores 0: each wrong choice takes back its share
                fraction = 1 / right if choice.correct else -1 / wrong
            _fields(
                _el(answers, "answer", {"id": self.answers}),
                {
                    "answertext": html.escape(unwrapped(choice.text), quote=False),
                    "answerformat": FORMAT_HTML,
                    "fraction": _fraction(fraction),
                    "feedback": f"<p>{html.escape(unwrapped(choice.feedback), quote=False)}</p>",
                    "feedbackformat": FORMAT_HTML,
                },
            )
        _fields(
            _el(plugin, "multichoice", {"id": ident}),
            {
                "layout": 0,
                "single": 0 if question.multiple else 1,
                "shuffleanswers": 0,
                "correctfeedback": f"<p>{FEEDBACK_RIGHT}</p>",
                "correctfeedbackformat": FORMAT_HTML,
                "partiallycorrectfeedback": f"<p>{FEEDBACK_PARTLY}</p>",
                "partiallycorrectfeedbackformat": FORMAT_HTML,
                "incorrectfeedback": f"<p>{html.escape(FEEDBACK_WRONG, quote=False)}</p>",
                "incorrectfeedbackformat": FORMAT_HTML,
                "answernumbering": "abc",
                "shownumcorrect": 1,
                "showstandardinstruction": 1,
            },
        )

    def xml(self) -> bytes:
        root = _el(None, "question_categories")
        for ident, name, parent, info in (
            (self.TOP, "top", 0, ""),
            (self.DEFAULT, f"Défaut pour {self.doc.title}", self.TOP, self.doc.title),
        ):
            category = _el(root, "question_category", {"id": ident})
            _fields(
                category,
                {
                    "name": name,
                    "contextid": COURSE_CONTEXT,
                    "contextlevel": 50,  # CONTEXT_COURSE
                    "contextinstanceid": COURSE_ID,
                    "info": info,
                    "infoformat": 0,
                    "stamp": f"passerelles+{self.doc.id}+categorie+{ident}",
                    "parent": parent,
                    "sortorder": 0 if parent == 0 else 999,
                    "idnumber": None,
                },
            )
            entries = _el(category, "question_bank_entries")
            if ident == self.DEFAULT:
                entries.extend(self.entries)
            else:
                entries.text = "\n"
        return _xml(root)

"""A real Moodle for the import tests, all on 127.0.0.1 in a temporary folder:
the source archive named by $PASSERELLES_MOODLE_SRC unpacked, PostgreSQL started
by initdb/pg_ctl (as the « postgres » user when the tests run as root), and
Moodle's own CLI installer. Nothing here depends on the word « moodle » in the
source: the folder, the backup file's name and its format are read from the
source itself (a fork may rename them).

Debian packages it needs: php8.2-cli php8.2-pgsql php8.2-xml php8.2-mbstring
php8.2-curl php8.2-zip php8.2-gd php8.2-intl php8.2-soap postgresql-15 (.ci/run
installs them when missing).
"""

from __future__ import annotations

import io
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ADMIN_PASSWORD = "Passerelles-1"
DB = "lms"
DB_USER = "lms"
DB_PASSWORD = "lms"
# The CC converter reads its XML sheets by relative path: run from backup/.
IMSCC_RESTORE = r"""<?php
define('CLI_SCRIPT', 1);
require(__DIR__ . '/../config.php');
require_once($CFG->dirroot . '/backup/util/includes/restore_includes.php');
$file = $argv[1];
$admin = get_admin();
\core\session\manager::set_user($admin);
$folder = restore_controller::get_tempdir_name(SITEID, $admin->id);
$path = make_backup_temp_directory($folder);
get_file_packer('application/zip')->extract_to_pathname($file, $path);
$courseid = restore_dbops::create_new_course('Import', uniqid('import-'), 1);
$rc = new restore_controller($folder, $courseid, backup::INTERACTIVE_NO, backup::MODE_GENERAL,
    $admin->id, backup::TARGET_NEW_COURSE);
if ($rc->get_status() == backup::STATUS_REQUIRE_CONV) {
    $rc->convert();
}
$rc->execute_precheck();
$rc->execute_plan();
$rc->destroy();
echo "COURSE=$courseid\n";
"""
SCORM_ADD = r"""<?php
define('CLI_SCRIPT', 1);
require(__DIR__ . '/config.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
[$script, $file, $courseid] = $argv;
$admin = get_admin();
\core\session\manager::set_user($admin);
$course = get_course($courseid);
$draft = file_get_unused_draft_itemid();
$context = context_user::instance($admin->id);
get_file_storage()->create_file_from_pathname(['contextid' => $context->id,
    'component' => 'user', 'filearea' => 'draft', 'itemid' => $draft, 'filepath' => '/',
    'filename' => basename($file)], $file);
$module = $DB->get_record('modules', ['name' => 'scorm'], '*', MUST_EXIST);
$data = (object) ['course' => $course->id, 'section' => 0, 'module' => $module->id,
    'modulename' => 'scorm', 'name' => 'SCORM', 'intro' => '', 'introformat' => FORMAT_HTML,
    'visible' => 1, 'scormtype' => SCORM_TYPE_LOCAL, 'packagefile' => $draft,
    'grademethod' => GRADEAVERAGE, 'maxgrade' => 100, 'whatgrade' => 0, 'maxattempt' => 0,
    'updatefreq' => 0, 'popup' => 0, 'width' => 100, 'height' => 500, 'skipview' => 0,
    'hidebrowse' => 0, 'displaycoursestructure' => 0, 'hidetoc' => 0, 'nav' => 1,
    'displayattemptstatus' => 1, 'forcenewattempt' => 0, 'lastattemptlock' => 0,
    'forcecompleted' => 0, 'auto' => 0, 'cmidnumber' => '', 'completionunlocked' => 1];
$info = add_moduleinfo($data, $course);
echo "CMID=" . $info->coursemodule . "\n";
"""
LEARNER_ADD = r"""<?php
define('CLI_SCRIPT', 1);
require(__DIR__ . '/config.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->libdir . '/enrollib.php');
[$script, $username, $password] = $argv;
$courses = array_slice($argv, 3);
$user = $DB->get_record('user', ['username' => $username]);
if (!$user) {
    $id = user_create_user(['username' => $username, 'password' => $password,
        'firstname' => 'Apprenant', 'lastname' => 'Essai', 'email' => $username . '@example.invalid',
        'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id]);
    $user = $DB->get_record('user', ['id' => $id]);
}
foreach ($courses as $courseid) {
    enrol_try_internal_enrol($courseid, $user->id,
        $DB->get_field('role', 'id', ['shortname' => 'student']));
}
echo "USER=" . $user->id . "\n";
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise FileNotFoundError(f"{name} introuvable : installez postgresql (Debian)")
    return str(candidates[-1])


@dataclass
class Postgres:
    folder: Path
    port: int
    user: str | None  # the OS user that runs the server (None: this one)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:1])} : {result.stdout[-2000:]}{result.stderr[-2000:]}"
            )
        return result

    def start(self) -> None:
        """initdb and pg_ctl start; `folder`'s parent must be open to the server's user."""
        data = self.folder / "data"
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(
            _postgres_bin("initdb"), "-D", str(data), "-U", "admin", "--auth=trust", "-E", "UTF8"
        )
        self._run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.folder / "log"),
            "-o",
            # a cluster thrown away after the tests: nothing is forced to disk (Moodle's
            # installation took 50 s of wall time here instead of 79 s)
            f"-p {self.port} -h 127.0.0.1 -k {self.folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "-w",
            "start",
        )
        self.sql(f"create role {DB_USER} login superuser password '{DB_PASSWORD}'", db="postgres")
        self.sql(
            f"create database {DB} owner {DB_USER} encoding 'UTF8' template template0",
            db="postgres",
        )

    def stop(self) -> None:
        self._run(
            _postgres_bin("pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"
        )

    def rows(self, query: str) -> list[dict[str, object]]:
        """The rows of a query as JSON objects (texts kept whole, line breaks included)."""
        (line,) = self.sql(f"select coalesce(json_agg(t), '[]') from ({query}) t", raw=True)
        found = json.loads(line[0])
        assert isinstance(found, list)
        return found

    def sql(self, query: str, db: str = DB, *, raw: bool = False) -> list[list[str]]:
        """Rows of a query, each a list of text fields."""
        result = subprocess.run(
            [
                _postgres_bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "admin",
                "-d",
                db,
                "-At",
                "-F",
                "\x1f",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                query,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        if raw:
            return [[result.stdout]]
        return [line.split("\x1f") for line in result.stdout.splitlines() if line]


# PHP's OPcache and its JIT on, as on a production server (Debian's php8.2-cli leaves
# them off on the command line): Moodle's installation and restores run faster, and the
# server no longer compiles Moodle for every request (README, « Un vrai Moodle »).
OPCACHE = ["-d", "opcache.enable_cli=1", "-d", "opcache.jit_buffer_size=64M"]


def unpack(archive: Path, target: Path) -> Path:
    """The source unpacked; returns the folder that holds admin/cli/install.php."""
    target.mkdir(parents=True, exist_ok=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as packed:
            packed.extractall(target)
    elif shutil.which("tar") and shutil.which("xz"):  # three times as fast as tarfile here
        subprocess.run(["tar", "-xf", str(archive), "-C", str(target)], check=True, timeout=300)
    else:
        with tarfile.open(archive) as packed:
            packed.extractall(target, filter="data")
    (found,) = [p.parent.parent.parent for p in target.glob("*/admin/cli/install.php")]
    return found


@dataclass
class Moodle:
    """A Moodle installed from source, with its database."""

    root: Path
    dataroot: Path
    db: Postgres
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def php(self, *args: str, cwd: Path | None = None, timeout: int = 900) -> str:
        result = subprocess.run(
            ["php", "-d", "max_input_vars=5000", "-d", "memory_limit=1024M", *OPCACHE, *args],
            capture_output=True,
            text=True,
            cwd=cwd or self.root,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"php {' '.join(args)} : {result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def install(self) -> None:
        self.dataroot.mkdir(parents=True, exist_ok=True)
        self.php(
            "admin/cli/install.php",
            "--non-interactive",
            "--agree-license",
            "--allow-unstable",
            "--lang=en",
            f"--wwwroot={self.url}",
            f"--dataroot={self.dataroot}",
            "--dbtype=pgsql",
            "--dbhost=127.0.0.1",
            f"--dbport={self.db.port}",
            f"--dbname={DB}",
            f"--dbuser={DB_USER}",
            f"--dbpass={DB_PASSWORD}",
            "--prefix=mdl_",
            "--fullname=Essai",
            "--shortname=essai",
            "--adminuser=admin",
            f"--adminpass={ADMIN_PASSWORD}",
            "--adminemail=admin@example.invalid",
        )

    # ---- the backup format's names, read from the source

    def backup_word(self) -> str:
        """The word the source names its backups with (« moodle »: moodle_backup.xml)."""
        (task,) = self.root.glob("backup/*2/backup_final_task.class.php")
        match = re.search(r"'(\w+)_backup\.xml'", task.read_text("utf-8"))
        assert match, task
        return match[1]

    def adapt(self, mbz: Path, target: Path) -> Path:
        """The backup with the names this source reads (a fork may rename them)."""
        word = self.backup_word()
        if word == "moodle":
            shutil.copyfile(mbz, target)
            return target
        out = io.BytesIO()
        with zipfile.ZipFile(mbz) as source, zipfile.ZipFile(out, "w") as copy:
            for info in source.infolist():
                data = source.read(info)
                name = info.filename
                if name == "moodle_backup.xml":
                    name = f"{word}_backup.xml"
                    text = data.decode("utf-8")
                    text = re.sub(r"(</?)moodle_", rf"\1{word}_", text)
                    text = text.replace("<format>moodle2</format>", f"<format>{word}2</format>")
                    data = text.encode("utf-8")
                copy.writestr(name, data, zipfile.ZIP_DEFLATED)
        target.write_bytes(out.getvalue())
        return target

    # ---- imports

    def restore_mbz(self, mbz: Path) -> int:
        before = {int(r[0]) for r in self.db.sql("select id from mdl_course")}
        self.php("admin/cli/restore_backup.php", f"--file={mbz}", "--categoryid=1")
        (new,) = {int(r[0]) for r in self.db.sql("select id from mdl_course")} - before
        return new

    def restore_archive(self, archive: Path) -> int:
        """A course restored from a zip (.imscc, converted first, or .mbz) by Moodle's
        restore controller, as the web restore does, into a new course: its id."""
        script = self.root / "backup" / "passerelles_cc_restore.php"
        script.write_text(IMSCC_RESTORE, "utf-8")
        out = self.php(script.name, str(archive), cwd=script.parent)
        match = re.search(r"COURSE=(\d+)", out)
        assert match, out
        return int(match[1])

    def add_learner(self, username: str, password: str, courses: list[int]) -> int:
        """A learner enrolled as a student in `courses`; first-login tours switched off."""
        script = self.root / "passerelles_learner_add.php"
        script.write_text(LEARNER_ADD, "utf-8")
        out = self.php(script.name, username, password, *map(str, courses))
        self.db.sql("update mdl_tool_usertours_tours set enabled = 0")
        match = re.search(r"USER=(\d+)", out)
        assert match, out
        return int(match[1])

    def serve(self) -> list[subprocess.Popen[bytes]]:
        """PHP's built-in server on the site's port, with workers (the SCORM player
        asks for pages concurrently); every process is returned, to be stopped."""
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
        server = subprocess.Popen(
            ["php", *OPCACHE, "-S", f"127.0.0.1:{self.port}", "-t", str(self.root)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return [server]
            time.sleep(0.1)
        raise RuntimeError("le serveur PHP ne répond pas")

    def add_scorm(self, package: Path, course_id: int) -> int:
        script = self.root / "passerelles_scorm_add.php"
        script.write_text(SCORM_ADD, "utf-8")
        out = self.php(script.name, str(package), str(course_id))
        match = re.search(r"CMID=(\d+)", out)
        assert match, out
        return int(match[1])


def postgres_user() -> str | None:
    """PostgreSQL refuses to run as root: the « postgres » user (or nobody) then."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("aucun utilisateur non root pour PostgreSQL")

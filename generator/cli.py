"""Command line: `passerelles validate | build | serve | schema`.

argparse from the standard library is enough for four commands and keeps the
tool free of one more dependency.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import ContentError
from .hooks import CONTENT_ENV
from .models import SCHEMAS
from .pipeline import generate
from .validate import validate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OFFLINE_ENV = "PASSERELLES_OFFLINE"  # read by mkdocs.yml: `offline: enabled: !ENV [...]`
OFFLINE_FOLDER = "passerelles-hors-ligne"
OFFLINE_ZIP = f"{OFFLINE_FOLDER}.zip"


def _config_file(content: Path, explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit.resolve()
    own = content / "mkdocs.yml"
    if own.is_file():
        return own
    return PROJECT_ROOT / "mkdocs.yml"


def _docs_dir(content: Path) -> Path:
    return content / "build" / "docs"


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def _print_errors(exc: ContentError) -> int:
    print(exc.report(), file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        catalog = validate(args.content)
    except ContentError as exc:
        return _print_errors(exc)
    print(
        f"Contenu valide : {len(catalog.actions)} actions, {len(catalog.partners)} partenaires, "
        f"{len(catalog.interlocutors)} interlocuteurs, {len(catalog.courses)} formations, "
        f"{sum(len(b.lessons) for b in catalog.courses.values())} leçons."
    )
    return 0


def _mkdocs_config(args: argparse.Namespace, **overrides: object) -> object:
    from mkdocs.config import load_config

    os.environ[CONTENT_ENV] = str(args.content)
    return load_config(
        config_file=str(_config_file(args.content, args.config)),
        docs_dir=str(_docs_dir(args.content)),
        **overrides,
    )


@contextmanager
def _offline_plugin_enabled() -> Iterator[None]:
    previous = os.environ.get(OFFLINE_ENV)
    os.environ[OFFLINE_ENV] = "true"
    try:
        yield
    finally:
        if previous is None:
            del os.environ[OFFLINE_ENV]
        else:
            os.environ[OFFLINE_ENV] = previous


def zip_site(site: Path, target: Path) -> None:
    """The site as one folder in a zip, entries sorted and dated alike: same site, same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            if path.name.startswith("sitemap.xml"):
                continue  # absolute URLs of the published site, useless from a folder
            entry = zipfile.ZipInfo(f"{OFFLINE_FOLDER}/{path.relative_to(site).as_posix()}")
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())


def _build_offline_zip(args: argparse.Namespace, target: Path) -> None:
    """The copy to download: Material's offline plugin on, instant navigation off."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import ConfigurationError

    workdir = Path(tempfile.mkdtemp(prefix=f"{target.name}.build-", dir=target.parent))
    try:
        with _offline_plugin_enabled():
            config: Any = _mkdocs_config(args, site_dir=str(workdir / "site"), strict=True)
        offline = config.plugins.get("material/offline")
        if offline is None or not offline.config.enabled:
            raise ConfigurationError(
                "--offline : le mkdocs.yml utilisé doit déclarer le plugin offline avec "
                f"`enabled: !ENV [{OFFLINE_ENV}, false]` (voir celui de Passerelles)."
            )
        config.theme["features"] = [
            f for f in config.theme.get("features", []) if not f.startswith("navigation.instant")
        ]
        build(config)
        zip_site(workdir / "site", target)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _megabytes(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f}".replace(".", ",") + " Mo"


def _site_problem(site: Path, content: Path) -> str | None:
    """Why `site` must not be replaced by a build, if it must not."""
    if content == site or content.is_relative_to(site) or PROJECT_ROOT.is_relative_to(site):
        return f"--site {site} contient le contenu ou l'outil : il serait remplacé par le site"
    if site.is_relative_to(_docs_dir(content)):
        return f"--site {site} est dans le dossier des pages générées"
    if site.is_symlink() or (site.exists() and not site.is_dir()):
        return f"--site {site} n'est pas un dossier"
    if site.is_dir() and any(site.iterdir()) and not (site / "index.html").is_file():
        return (
            f"--site {site} n'est pas vide et ne contient pas de site construit : "
            "il serait remplacé ; choisissez un autre dossier"
        )
    return None


def _source_date_problem() -> str | None:
    """SOURCE_DATE_EPOCH dates a reproducible build (sitemap, gzip header): it must be valid.

    MkDocs would stop on a traceback otherwise. When it is unset, `cmd_build`
    takes the date of the content's last commit, if the content is in a git
    repository: two builds of one commit then give the same bytes on any day.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None and not value.strip().isdigit():
        return f"SOURCE_DATE_EPOCH doit être un nombre entier de secondes (reçu « {value} »)"
    return None


def _commit_date(content: Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(content), "log", "-1", "--format=%ct", "--", "."],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else None


def cmd_build(args: argparse.Namespace) -> int:
    site = args.site.resolve()
    refusal = _site_problem(site, args.content) or _source_date_problem()
    if refusal:
        print(f"Construction refusée : {refusal}", file=sys.stderr)
        return 1
    stamp = None if "SOURCE_DATE_EPOCH" in os.environ else _commit_date(args.content)
    if stamp is None:
        return _build(args, site)
    os.environ["SOURCE_DATE_EPOCH"] = stamp
    try:
        return _build(args, site)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _build(args: argparse.Namespace, site: Path) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        generated = generate(args.content, _docs_dir(args.content))
    except ContentError as exc:
        return _print_errors(exc)
    print(f"Pages générées : {generated.report.summary()}", file=sys.stderr)
    site.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the published site and swap only on success: a failed build
    # leaves the previous site untouched.
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=site.parent))
    _setup_logging(args.verbose)
    archive = staging.parent / f"{staging.name}.zip"
    try:
        if args.offline:
            _build_offline_zip(args, archive)
        config: Any = _mkdocs_config(args, site_dir=str(staging), strict=True)
        if args.offline:
            # main.html shows the download link on the home page when this is set.
            config.extra["offline_zip"] = {"href": OFFLINE_ZIP, "size": _megabytes(archive)}
        build(config)
        if args.offline:
            os.replace(archive, staging / OFFLINE_ZIP)
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        archive.unlink(missing_ok=True)
        print(f"Échec de la construction du site : {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        archive.unlink(missing_ok=True)
        raise
    _swap(staging, site)
    print(f"Site construit dans {site}", file=sys.stderr)
    return 0


def _swap(staging: Path, site: Path) -> None:
    # mkdtemp made the folder private (0700): the published site is world-readable.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}.old-", dir=site.parent))
        os.replace(site, old / site.name)
    os.replace(staging, site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort

    try:
        generate(args.content, _docs_dir(args.content))
    except ContentError as exc:
        return _print_errors(exc)
    _setup_logging(args.verbose)
    os.environ[CONTENT_ENV] = str(args.content)
    try:
        serve(
            config_file=str(_config_file(args.content, args.config)),
            docs_dir=str(_docs_dir(args.content)),
            dev_addr=args.dev_addr,
            livereload=True,
        )
    except Abort as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        target = out / f"{name}.schema.json"
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(target)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="passerelles",
        description="Publie les kits École–entreprise et leurs formations à partir de YAML.",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    def with_content(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument(
            "--content",
            type=Path,
            default=Path("."),
            help="dossier qui contient kits/ et mooc/ (défaut : dossier courant)",
        )
        return sub

    with_content(commands.add_parser("validate", help="vérifie tout le contenu"))
    build = with_content(commands.add_parser("build", help="valide, génère et construit le site"))
    build.add_argument(
        "--site", type=Path, default=Path("site"), help="dossier du site construit (défaut : site/)"
    )
    build.add_argument("--config", type=Path, default=None, help="mkdocs.yml à utiliser")
    build.add_argument(
        "--offline",
        action="store_true",
        help=f"écrit aussi {OFFLINE_ZIP} dans le site : une copie qui s'ouvre sans serveur",
    )
    build.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    serve = with_content(commands.add_parser("serve", help="aperçu en direct"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="adresse:port du serveur")
    serve.add_argument("--config", type=Path, default=None, help="mkdocs.yml à utiliser")
    serve.add_argument("-v", "--verbose", action="store_true", help="journal détaillé")
    schema = commands.add_parser("schema", help="écrit les schémas JSON du format")
    schema.add_argument("--out", type=Path, required=True, help="dossier de sortie")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if hasattr(args, "content"):
        args.content = args.content.resolve()
    handlers = {
        "validate": cmd_validate,
        "build": cmd_build,
        "serve": cmd_serve,
        "schema": cmd_schema,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a folder that cannot be read or written, a full disk…
        where = f" : {exc.filename}" if exc.filename else ""
        print(f"Erreur du système de fichiers{where} : {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

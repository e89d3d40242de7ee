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
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ContentError
from .hooks import CONTENT_ENV
from .models import SCHEMAS
from .pipeline import generate
from .validate import validate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        generated = generate(args.content, _docs_dir(args.content))
    except ContentError as exc:
        return _print_errors(exc)
    print(f"Pages générées : {generated.report.summary()}", file=sys.stderr)
    site = args.site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the published site and swap only on success: a failed build
    # leaves the previous site untouched.
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=site.parent))
    _setup_logging(args.verbose)
    try:
        config = _mkdocs_config(args, site_dir=str(staging), strict=True)
        build(config)  # type: ignore[arg-type]
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Échec de la construction du site : {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, site)
    print(f"Site construit dans {site}", file=sys.stderr)
    return 0


def _swap(staging: Path, site: Path) -> None:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

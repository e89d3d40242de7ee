"""`passerelles build`: validate, generate and build the site, published atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.check import snapshot, stamp
from generator.check.layers import Stack
from generator.commands.common import add_config, add_content, add_verbose, setup_logging
from generator.diagnostics import messages
from generator.diagnostics.errors import ContentError
from generator.export.links import SiteUrlError, check_site_url
from generator.generate.pipeline import generation_run
from generator.mkdocs import site_config
from generator.publish.site import (
    OFFLINE_ZIP,
    Request,
    publish,
    site_problem,
    source_date,
    source_date_problem,
)


def register(commands: Any) -> None:
    parser = commands.add_parser("build", help="valide, génère et construit le site")
    add_content(parser)
    parser.add_argument(
        "--site", type=Path, default=Path("site"), help="dossier du site construit (défaut : site/)"
    )
    add_config(parser)
    parser.add_argument(
        "--offline",
        action="store_true",
        help=f"écrit aussi {OFFLINE_ZIP} dans le site : une copie qui s'ouvre sans serveur",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        metavar="ADRESSE",
        help="adresse où le site sera publié (page 404, plan du site, liens des paquets des "
        "formations) ; en CI : $CI_PAGES_URL sur GitLab, l'adresse de GitHub Pages ; vide : "
        "site_url d'edition.yml, sinon celle de mkdocs.yml",
    )
    parser.add_argument(
        "--require-legal",
        action="store_true",
        help="refuse de publier un site dont les mentions légales manquent (clé legal)",
    )
    add_verbose(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import Abort, ConfigurationError

    # the content is read once: the stamp and both MkDocs builds (site, offline copy) use it
    taken = snapshot.take(args.content)
    layers = taken.stack
    declared = layers.edition.site_url if layers.edition is not None else None
    try:
        site_url = check_site_url(args.site_url or declared)
    except SiteUrlError as exc:
        print(messages.BUILD_REFUSED(reason=exc), file=sys.stderr)
        return 1
    request = Request(args.content, args.site.resolve(), args.config, args.offline, site_url)
    refusal = site_problem(request.site, request.content) or source_date_problem()
    if refusal:
        print(messages.BUILD_REFUSED(reason=refusal), file=sys.stderr)
        return 1
    if args.require_legal and layers.legal is None and not layers.problems:
        print(messages.LEGAL_REQUIRED(file=layers.legal_file), file=sys.stderr)
        return 1
    setup_logging(args.verbose)
    try:
        with source_date(request.content), generation_run(taken):
            config = site_config.config_file(request.content, request.config)
            options = {"offline": args.offline, "site_url": site_url}
            inputs = stamp.fingerprint(taken, config, options=options)
            if stamp.unchanged(request.site, inputs):
                print(messages.BUILD_UNCHANGED(site=request.site), file=sys.stderr)
                _legal_notice(layers)
                return 0
            publish(request, inputs)
    except (Abort, ConfigurationError) as exc:
        content_errors = isinstance(exc.__cause__, ContentError)
        print(exc if content_errors else messages.BUILD_FAILED(reason=exc), file=sys.stderr)
        return 1
    print(messages.BUILD_DONE(site=request.site), file=sys.stderr)
    _legal_notice(layers)
    return 0


def _legal_notice(layers: Stack) -> None:
    """Said after the build, not as a MkDocs warning: the build itself stays strict."""
    if layers.legal is None:
        print(messages.LEGAL_MISSING(file=layers.legal_file), file=sys.stderr)

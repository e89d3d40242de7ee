"""argparse's own words in French: usage, headings, errors of the command line.

argparse looks its sentences up through `gettext` at the moment it prints them (its
module-level `_` and `ngettext`); `install` gives it this table instead. Sentences that
only a programming mistake can print stay in English."""

from __future__ import annotations

import argparse

FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choix possibles : %(choices)s)"
    ),
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "une valeur au plus",
    "expected at least one argument": "une valeur au moins",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": "impossible avec l'argument %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue %(parser_name)r (commandes : %(choices)s)"
    ),
}
FRENCH_PLURAL = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


def gettext(message: str) -> str:
    return FRENCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = FRENCH_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n <= 1 else forms[1]


def install() -> None:
    """From now on, argparse speaks French (in this process)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]

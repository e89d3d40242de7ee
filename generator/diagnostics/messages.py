"""Every French message the tool can print, declared once.

Each message has a stable code (used by CI reports and by the editors' guide),
its text (a `str.format` template), and for the guide its cause and its fix.
Modules never write a message's text themselves: they name the message and
give its values, so the guide, the tests and the output cannot drift apart.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError

FAMILIES = {
    "yaml": "Lecture du YAML",
    "files": "Fichiers et dossiers",
    "format": "Format des champs",
    "references": "Références entre fichiers",
    "markdown": "Textes en Markdown",
    "edition": "Éditions académiques",
    "links": "Liens externes (passerelles links)",
    "output": "Contrôle des pages publiées",
    "review": "Relevés de vérification (passerelles review)",
    "command": "Commandes",
}


@dataclass(frozen=True)
class Message:
    """One message: its code, its French text, and what the editors' guide says of it."""

    code: str
    family: str
    text: str
    cause: str
    fix: str
    warning: bool = False  # reported, but publishing goes on

    def __call__(self, **values: Any) -> str:
        return self.text.format(**values)

    def error(self, **values: Any) -> PydanticCustomError:
        """The message as a pydantic error, raised by a model's own rule."""
        return PydanticCustomError(self.code, self.text, values)

    @property
    def fields(self) -> list[str]:
        return [name for _, name, _, _ in string.Formatter().parse(self.text) if name]

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # a message kept in the validation cache is the declared one when read back
        return declared, (self.code,)

    def pattern(self) -> re.Pattern[str]:
        """What a printed message looks like, values left open (for tests and tools)."""
        parts = []
        for literal, name, _spec, _conversion in string.Formatter().parse(self.text):
            parts.append(re.escape(literal))
            if name is not None:
                parts.append(".*?")
        return re.compile("".join(parts) + "$", re.DOTALL)


MESSAGES: dict[str, Message] = {}


def _declare(
    code: str, family: str, text: str, cause: str, fix: str, *, warning: bool = False
) -> Message:
    assert code not in MESSAGES, code
    assert family in FAMILIES, family
    message = Message(code, family, text, cause, fix, warning)
    message.pattern()  # a stray brace in a template fails here, at import, not when printed
    MESSAGES[code] = message
    return message


def declared(code: str) -> Message:
    """The message declared with `code`."""
    return MESSAGES[code]


def find(text: str) -> Message | None:
    """The declared message a printed text comes from, if any."""
    for message in MESSAGES.values():
        if message.pattern().match(text):
            return message
    return None


# --------------------------------------------------------------------------- yaml

YAML_TAB = _declare(
    "yaml-tab",
    "yaml",
    "tabulation interdite : indentez avec des espaces",
    "YAML n'accepte que des espaces pour indenter ; une touche Tab en a inséré une.",
    "Remplacez la tabulation par des espaces (deux par niveau, comme les lignes voisines).",
)
YAML_COLON_EXPECTED = _declare(
    "yaml-colon-expected",
    "yaml",
    "« : » attendu : une clé doit être suivie de deux-points, ou la ligne est mal indentée",
    "Une ligne contient une clé sans « : », ou commence plus à gauche ou à droite que prévu.",
    "Écrivez « clé: valeur » et alignez la ligne sur ses voisines.",
)
YAML_COLON_UNEXPECTED = _declare(
    "yaml-colon-unexpected",
    "yaml",
    "« : » inattendu : mettez la valeur entre guillemets si elle contient « : », "
    "ou vérifiez l'indentation",
    "Une valeur contient « : » suivi d'un espace, que YAML lit comme une nouvelle clé.",
    'Mettez toute la valeur entre guillemets : titre: "Stage : mode d\'emploi".',
)
YAML_KEY_EXPECTED = _declare(
    "yaml-key-expected",
    "yaml",
    "clé attendue : vérifiez l'indentation de cette ligne",
    "La ligne n'est pas alignée avec les clés de son objet.",
    "Alignez la ligne sur les autres clés du même objet.",
)
YAML_DASH_EXPECTED = _declare(
    "yaml-dash-expected",
    "yaml",
    "« - » attendu : vérifiez l'indentation des éléments de la liste",
    "Dans une liste, une ligne ne commence pas par « - » au même niveau que les autres.",
    "Commencez chaque élément par « - » aligné sur les autres éléments.",
)
YAML_DASH_UNEXPECTED = _declare(
    "yaml-dash-unexpected",
    "yaml",
    "« - » inattendu ici : vérifiez l'indentation de la liste",
    "Un élément de liste apparaît là où YAML attend une clé.",
    "Placez la liste sous sa clé (« checklist: » puis les « - » indentés).",
)
YAML_VALUE_EXPECTED = _declare(
    "yaml-value-expected",
    "yaml",
    "valeur attendue à cet endroit",
    "Une clé ou un élément n'a pas de valeur lisible.",
    "Écrivez la valeur, ou retirez la clé.",
)
YAML_BRACKET = _declare(
    "yaml-bracket",
    "yaml",
    "« , » ou « ] » attendu : un crochet n'est pas refermé",
    "Une liste écrite entre crochets [a, b] n'est pas refermée.",
    "Ajoutez le « ] » manquant en fin de liste.",
)
YAML_BRACE = _declare(
    "yaml-brace",
    "yaml",
    "« , » ou « }} » attendu : une accolade n'est pas refermée",
    "Un objet écrit entre accolades {a: 1} n'est pas refermé.",
    "Ajoutez le « } » manquant.",
)
YAML_ESCAPE = _declare(
    "yaml-escape",
    "yaml",
    "séquence d'échappement inconnue entre guillemets doubles",
    "Entre guillemets doubles, une barre oblique inverse « \\ » commence une séquence spéciale.",
    "Doublez la barre (\\\\) ou mettez la valeur entre apostrophes.",
)
YAML_END = _declare(
    "yaml-end",
    "yaml",
    "fin du fichier inattendue : un guillemet, un crochet ou une accolade n'est pas refermé",
    "Le fichier se termine alors qu'une valeur est encore ouverte.",
    "Refermez le guillemet, le crochet ou l'accolade ouvert plus haut.",
)
YAML_TAG_HANDLE = _declare(
    "yaml-tag-handle",
    "yaml",
    "étiquette YAML (!) inconnue",
    "Une valeur commence par « ! », que YAML lit comme une étiquette.",
    "Mettez la valeur entre guillemets.",
)
YAML_CHARACTER = _declare(
    "yaml-character",
    "yaml",
    "caractère interdit dans un fichier YAML",
    "Le fichier contient un caractère invisible que YAML refuse.",
    "Supprimez ce caractère (souvent collé depuis un traitement de texte).",
)
YAML_INDENTATION = _declare(
    "yaml-indentation",
    "yaml",
    "indentation incohérente avec les lignes précédentes",
    "La ligne est indentée d'une façon qui ne correspond à aucun niveau ouvert.",
    "Alignez-la sur les lignes du même niveau.",
)
YAML_ONE_DOCUMENT = _declare(
    "yaml-one-document",
    "yaml",
    "un seul document YAML par fichier (retirez le second « --- »)",
    "Une ligne « --- » commence un second document dans le même fichier.",
    "Un fichier décrit un seul objet : retirez la ligne « --- » ou séparez les fichiers.",
)
YAML_LINE_END = _declare(
    "yaml-line-end",
    "yaml",
    "fin de ligne inattendue",
    "La ligne s'arrête au milieu d'une construction YAML.",
    "Complétez la ligne ou mettez la valeur entre guillemets.",
)
YAML_QUOTE = _declare(
    "yaml-quote",
    "yaml",
    "guillemet non refermé",
    "Une valeur commence par un guillemet qui n'est jamais refermé.",
    "Ajoutez le guillemet fermant à la fin de la valeur.",
)
YAML_QUOTE_LINES = _declare(
    "yaml-quote-lines",
    "yaml",
    "guillemet ouvert ici et refermé seulement ligne {line} : il manque sans doute le "
    "guillemet fermant de cette valeur",
    "Le guillemet fermant manque : la valeur court jusqu'au guillemet suivant, plus bas.",
    "Ajoutez le guillemet fermant à la fin de cette valeur.",
)
YAML_APOSTROPHE = _declare(
    "yaml-apostrophe",
    "yaml",
    "texte après le guillemet fermant : une apostrophe dans une valeur entre apostrophes "
    "s'écrit doublée (l''élève)",
    "Dans 'l'élève', l'apostrophe de « l' » referme la valeur.",
    "Doublez l'apostrophe ('l''élève') ou utilisez des guillemets doubles.",
)
YAML_DOUBLE_QUOTE = _declare(
    "yaml-double-quote",
    "yaml",
    "texte après le guillemet fermant : un guillemet dans une valeur entre guillemets s'écrit \\\"",
    "Un guillemet double à l'intérieur de la valeur la referme.",
    'Écrivez \\" pour un guillemet, ou utilisez « » (guillemets français).',
)
YAML_SYNTAX = _declare(
    "yaml-syntax",
    "yaml",
    "syntaxe YAML invalide ({detail})",
    "Le fichier n'est pas du YAML lisible.",
    "Comparez la ligne indiquée avec un fichier qui fonctionne.",
)
YAML_KEY_TEXT = _declare(
    "yaml-key-text",
    "yaml",
    "une clé doit être un simple texte",
    "Une liste ou un objet est utilisé comme clé.",
    "Écrivez une clé simple suivie de « : ».",
)
YAML_DUPLICATE_KEY = _declare(
    "yaml-duplicate-key",
    "yaml",
    "clé « {key} » en double (déjà définie ligne {line})",
    "La même clé apparaît deux fois dans un objet : YAML garderait la seconde en silence.",
    "Gardez une seule des deux lignes.",
)
YAML_TAG = _declare(
    "yaml-tag",
    "yaml",
    "étiquette YAML « {tag} » interdite : écrivez une valeur simple",
    "Les étiquettes (« !!python/… », « !include »…) peuvent exécuter ou inclure autre chose.",
    "Écrivez la valeur elle-même.",
)
YAML_ALIAS = _declare(
    "yaml-alias",
    "yaml",
    "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
    "Les ancres et alias (&nom, *nom) rendent un fichier difficile à relire et peuvent "
    "exploser en mémoire.",
    "Recopiez la valeur à chaque endroit.",
)
YAML_MERGE_KEY = _declare(
    "yaml-merge-key",
    "yaml",
    "les clés de fusion « << » ne sont pas acceptées",
    "La fusion « << » copie un objet dans un autre sans qu'on le voie.",
    "Écrivez les clés elles-mêmes.",
)
YAML_TOO_DEEP = _declare(
    "yaml-too-deep",
    "yaml",
    "imbrication trop profonde (plus de {max} niveaux)",
    "Des listes ou objets sont imbriqués plus profondément qu'aucun fichier ne le demande.",
    "Simplifiez la structure.",
)
YAML_UNREADABLE = _declare(
    "yaml-unreadable",
    "yaml",
    "valeur illisible ({detail}) : mettez-la entre guillemets",
    "YAML a cru lire une date ou un nombre impossible.",
    "Mettez la valeur entre guillemets pour qu'elle reste un texte.",
)
YAML_CONTROL = _declare(
    "yaml-control",
    "yaml",
    "caractère de contrôle interdit ({char}) dans cette valeur",
    "La valeur contient un caractère invisible (souvent écrit « \\x02 » entre guillemets).",
    "Supprimez ce caractère.",
)
YAML_NOT_OBJECT = _declare(
    "yaml-not-object",
    "yaml",
    "le fichier doit décrire un objet (clé: valeur), pas {what}",
    "Le fichier contient une liste ou une valeur seule au lieu de lignes « clé: valeur ».",
    "Partez d'un fichier existant ou de « passerelles new ».",
)
FILE_TOO_LARGE = _declare(
    "file-too-large",
    "files",
    "fichier trop volumineux (plus de {max} octets)",
    "Aucun fichier de contenu n'a besoin d'une telle taille ; c'est souvent un mauvais fichier.",
    "Vérifiez le fichier ; découpez le contenu en plusieurs fichiers.",
)
FILE_NOT_UTF8 = _declare(
    "file-not-utf8",
    "files",
    "octets invalides : le fichier doit être enregistré en UTF-8",
    "Le fichier a été enregistré dans un autre encodage (Latin-1, UTF-16…).",
    "Dans votre éditeur, choisissez « Enregistrer avec l'encodage UTF-8 ».",
)
FILE_EMPTY = _declare(
    "file-empty",
    "files",
    "fichier vide : il doit décrire un objet (clé: valeur)",
    "Le fichier est vide ou ne contient que des commentaires.",
    "Remplissez-le, ou supprimez-le.",
)
FILE_LINK_OUTSIDE = _declare(
    "file-link-outside",
    "files",
    "lien symbolique vers un fichier hors du dossier de contenu : placez le fichier lui-même ici",
    "Un lien symbolique pointe hors du dossier de contenu ; il n'est pas suivi.",
    "Copiez le fichier lui-même dans le dossier.",
)
FILE_NOT_REGULAR = _declare(
    "file-not-regular",
    "files",
    "ce n'est pas un fichier ordinaire",
    "Le chemin désigne un périphérique, un tube ou un autre objet spécial.",
    "Remplacez-le par un vrai fichier YAML.",
)
FILE_UNREADABLE = _declare(
    "file-unreadable",
    "files",
    "fichier illisible ({reason})",
    "Le système refuse de lire le fichier (droits, disque).",
    "Vérifiez les droits du fichier.",
)
FILE_LINK_LOOP = _declare(
    "file-link-loop",
    "files",
    "boucle de liens symboliques",
    "Des liens symboliques pointent les uns vers les autres.",
    "Remplacez-les par le fichier lui-même.",
)

# --------------------------------------------------------------------------- files

CONTENT_NOT_FOUND = _declare(
    "content-not-found",
    "files",
    "dossier de contenu sans « kits/ » ni « mooc/ » : vérifiez --content",
    "Le dossier indiqué ne contient pas de contenu Passerelles.",
    "Indiquez avec --content le dossier qui contient kits/ et mooc/.",
)
KIT_FILE_MISSING = _declare(
    "kit-file-missing",
    "files",
    "fichier manquant : chaque kit a son fichier",
    "kits/teams.yml ou kits/companies.yml manque.",
    "Recréez le fichier du kit (titre, introduction, « Par où commencer »).",
)
KITS_UNEXPECTED = _declare(
    "kits-unexpected",
    "files",
    "fichier ou dossier inattendu dans {folder}/ : il ne sera pas publié",
    "Le dossier contient un fichier que Passerelles ne lit pas.",
    "Déplacez le fichier dans le bon sous-dossier, ou supprimez-le.",
)
MOOC_UNEXPECTED = _declare(
    "mooc-unexpected",
    "files",
    "fichier inattendu dans {folder}/ : chaque formation est un dossier "
    "({folder}/FORMATION/course.yml)",
    "Un fichier est posé directement dans le dossier des formations.",
    "Placez-le dans le dossier de sa formation.",
)
FOLDER_LINK_OUTSIDE = _declare(
    "folder-link-outside",
    "files",
    "lien symbolique vers un dossier hors du dossier de contenu : il n'est pas lu",
    "Un lien symbolique pointe vers un dossier extérieur ; il n'est pas suivi.",
    "Copiez le dossier lui-même.",
)
ID_INVALID = _declare(
    "id-invalid",
    "files",
    "identifiant « {value} » invalide : le nom du fichier doit être fait de minuscules sans "
    "accent, de chiffres et de tirets (80 caractères au plus)",
    "L'identifiant (le nom du fichier sans .yml) sert d'adresse de page.",
    "Renommez le fichier, par exemple « visite-d-entreprise.yml ».",
)
COURSE_FILE_MISSING = _declare(
    "course-file-missing",
    "files",
    "fichier manquant : chaque formation a son course.yml",
    "Le dossier d'une formation n'a pas de course.yml.",
    "Créez-le (passerelles new course ID) ou retirez le dossier.",
)
COURSE_UNEXPECTED = _declare(
    "course-unexpected",
    "files",
    "fichier ou dossier inattendu dans {folder}/ : seuls course.yml et lessons/ sont lus",
    "Le dossier de la formation contient autre chose que course.yml et lessons/.",
    "Déplacez les leçons dans lessons/ ; supprimez le reste.",
)
SUBFOLDER_UNEXPECTED = _declare(
    "subfolder-unexpected",
    "files",
    "sous-dossier inattendu : placez le fichier directement dans {folder}/",
    "Les fichiers d'un même type sont tous au même niveau.",
    "Sortez le fichier du sous-dossier.",
)
EXTENSION_YAML = _declare(
    "extension-yaml",
    "files",
    "extension « .yaml » : renommez le fichier en « .yml »",
    "Passerelles ne lit que les fichiers en .yml.",
    "Renommez le fichier.",
)
FILE_UNEXPECTED = _declare(
    "file-unexpected",
    "files",
    "fichier inattendu : seuls les fichiers .yml sont lus",
    "Le dossier contient un fichier qui n'est pas du YAML.",
    "Supprimez-le ou déplacez-le hors du contenu.",
)
EDITION_MKDOCS = _declare(
    "edition-mkdocs",
    "edition",
    "une édition ne configure pas MkDocs : « {name} » est refusé (ses « hooks » ou "
    "« plugins » feraient tourner du code pendant la construction)",
    "Une édition arrive par demande de fusion : un mkdocs.yml peut y déclarer des hooks ou "
    "des plugins, du code Python que MkDocs exécuterait dans le pipeline de l'académie et "
    "sur le poste de qui relit. Le site d'une édition se construit toujours avec la "
    "configuration de Passerelles.",
    "Supprimez ce fichier. Le nom du site, les mentions légales et l'adresse de la forge se "
    "règlent dans edition.yml.",
)
EDITION_ROOT_UNEXPECTED = _declare(
    "edition-root-unexpected",
    "edition",
    "attention : « {name} » n'a pas sa place à la racine d'une édition, Passerelles ne le lit "
    "pas : seuls edition.yml, kits/, mooc/ et les fichiers du dépôt (README, .gitlab-ci.yml…) "
    "y sont attendus",
    "Une édition ne contient que du contenu : le reste (scripts, gabarits, configuration) "
    "est ignoré sans que rien ne le dise, ou c'est du code venu d'une demande de fusion.",
    "Déplacez ce fichier ou ce dossier hors de l'édition, ou supprimez-le.",
    warning=True,
)
ID_DUPLICATE = _declare(
    "id-duplicate",
    "files",
    "identifiant en double avec « {other} »",
    "Deux fichiers ne diffèrent que par des majuscules : ils donneraient la même page.",
    "Renommez l'un des deux.",
)

# --------------------------------------------------------------------------- format

FIELD_MISSING = _declare(
    "field-missing",
    "format",
    "champ obligatoire « {name} » manquant",
    "Une clé obligatoire manque dans cet objet.",
    "Ajoutez-la ; la page « Format des contenus » dit ce qu'elle contient.",
)
KEY_UNKNOWN_TYPO = _declare(
    "key-unknown-typo",
    "format",
    "clé inconnue « {key} » : vouliez-vous dire « {hint} » ?",
    "La clé n'existe pas dans le format ; une clé proche existe.",
    "Corrigez la faute de frappe.",
)
KEY_UNKNOWN = _declare(
    "key-unknown",
    "format",
    "clé inconnue « {key} » ; clés permises : {allowed}",
    "La clé n'existe pas dans le format : elle serait ignorée en silence.",
    "Utilisez une des clés permises, ou retirez la ligne.",
)
VALUE_NOT_ALLOWED = _declare(
    "value-not-allowed",
    "format",
    "valeur « {value} » invalide ; valeurs permises : {allowed}",
    "Ce champ n'accepte qu'une liste fermée de valeurs.",
    "Choisissez une des valeurs permises (en anglais, sans accent).",
)
VALUE_FRENCH = _declare(
    "value-french",
    "format",
    "valeur « {value} » invalide : écrivez « {code} », le code de cette valeur",
    "Les valeurs à choisir dans une liste s'écrivent avec leur code (visit, hour, 4e, "
    "pupils…), le même dans le YAML, les données ouvertes et les filtres du site ; un mot "
    "français n'est pas accepté à sa place, pour que chaque valeur n'ait qu'une écriture.",
    "Remplacez le mot par le code proposé ; la page « Format des contenus » donne chaque code "
    "avec son sens.",
)
TEXT_READ_AS = _declare(
    "text-read-as",
    "format",
    "texte attendu, mais YAML a lu {read_as} (« {value} ») : mettez la valeur entre guillemets",
    "Sans guillemets, YAML lit « no », « oui », « on », une date ou un nombre comme autre "
    "chose qu'un texte.",
    'Mettez la valeur entre guillemets : titre: "Non".',
)
TEXT_EXPECTED = _declare(
    "text-expected",
    "format",
    "texte attendu",
    "Ce champ attend un texte, pas une liste ni un objet.",
    "Écrivez le texte sur la même ligne que la clé, ou après « | » pour plusieurs lignes.",
)
TEXT_TOO_LONG = _declare(
    "text-too-long",
    "format",
    "texte trop long ({length} caractères, {max} au plus)",
    "Ce champ a une longueur maximale (un titre doit tenir sur une carte).",
    "Raccourcissez le texte.",
)
TEXT_EMPTY = _declare(
    "text-empty",
    "format",
    "ce texte ne doit pas être vide",
    "Le champ est présent mais vide.",
    "Écrivez le texte, ou retirez la clé si elle est facultative.",
)
URL_INVALID = _declare(
    "url-invalid",
    "format",
    "adresse « {value} » invalide : écrivez une adresse complète commençant par https://, "
    "sans espace, guillemet, parenthèse, accolade ni chevron",
    "Une adresse web doit être complète pour fonctionner depuis toutes les pages ; une "
    "parenthèse, une accolade ou un guillemet pourrait en sortir et changer le lien publié.",
    "Copiez l'adresse depuis la barre du navigateur, avec https:// ; remplacez un caractère "
    "interdit par son code (« ( » → %28, « ) » → %29, espace → %20).",
)
CONTROL_CHARACTER = _declare(
    "control-character",
    "format",
    "caractère invisible interdit dans « {value} » (caractère de contrôle, tabulation ou saut "
    "de ligne dans un texte d'une ligne)",
    "Un copier-coller a apporté un caractère qu'on ne voit pas : retour chariot, tabulation, "
    "caractère de contrôle ou séparateur de ligne (U+2028). Il changerait la page, le tableur "
    "des données ouvertes ou les paquets de formation sans que personne ne le voie.",
    "Retapez le texte à la main, ou supprimez le caractère signalé (U+….) ; un titre ou un "
    "résumé tient sur une ligne.",
)
TIME_INVALID = _declare(
    "time-invalid",
    "format",
    "heure « {value} » invalide : écrivez HH:MM",
    "Une heure s'écrit sur 24 heures avec deux chiffres de chaque côté.",
    'Écrivez par exemple "08:30" (entre guillemets).',
)
EMAIL_INVALID = _declare(
    "email-invalid",
    "format",
    "adresse électronique « {value} » invalide",
    "Une adresse électronique s'écrit nom@domaine.fr.",
    "Corrigez l'adresse ; préférez une adresse fonctionnelle de service.",
)
PHONE_INVALID = _declare(
    "phone-invalid",
    "format",
    "numéro de téléphone « {value} » invalide : écrivez-le entre guillemets, chiffres et espaces",
    "Un numéro s'écrit avec des chiffres, des espaces ou des points, éventuellement « + ».",
    'Écrivez par exemple phone: "02 38 00 00 00".',
)
CONTACT_UNREACHABLE = _declare(
    "contact-unreachable",
    "format",
    "un contact local donne au moins une adresse électronique, un téléphone ou une page web",
    "Un service sans moyen de le joindre n'aide pas le lecteur.",
    "Ajoutez email, phone ou url.",
)
REF_INVALID = _declare(
    "ref-invalid",
    "format",
    "référence « {value} » invalide : écrivez action:ID, partner:ID, interlocutor:ID, "
    "course:ID, planner:FORMATION, self-assessment:FORMATION ou lesson:FORMATION/LEÇON",
    "Une référence désigne une page du site par son type et son identifiant.",
    "Écrivez le type, deux-points, puis l'identifiant (nom du fichier sans .yml).",
)
LIST_EXPECTED = _declare(
    "list-expected",
    "format",
    "une liste est attendue (éléments précédés de « - » ou entre crochets)",
    "Ce champ contient plusieurs valeurs.",
    "Écrivez [a, b] ou un élément par ligne précédé de « - ».",
)
OBJECT_EXPECTED = _declare(
    "object-expected",
    "format",
    "un objet est attendu (des lignes « clé: valeur » indentées)",
    "Ce champ regroupe plusieurs clés.",
    "Écrivez ses clés sur les lignes suivantes, indentées.",
)
TOO_FEW = _declare(
    "too-few",
    "format",
    "au moins {min} élément{s} attendu",
    "La liste est vide ou trop courte.",
    "Ajoutez les éléments manquants.",
)
TOO_MANY = _declare(
    "too-many",
    "format",
    "au plus {max} éléments",
    "La liste est trop longue pour ce champ.",
    "Retirez des éléments.",
)
DATE_EXPECTED = _declare(
    "date-expected",
    "format",
    "date attendue, écrite année-mois-jour, comme 2026-12-06 (« {value} »)",
    "Ce champ attend une date du calendrier, sans heure.",
    "Écrivez la date sans guillemets, année puis mois puis jour : 2026-12-06.",
)
INTEGER_EXPECTED = _declare(
    "integer-expected",
    "format",
    "nombre entier attendu (« {value} »)",
    "Ce champ attend un nombre entier, écrit en chiffres.",
    "Écrivez le nombre sans unité ni guillemets : 20.",
)
NUMBER_EXPECTED = _declare(
    "number-expected",
    "format",
    "nombre attendu (« {value} »)",
    "Ce champ attend un nombre, écrit en chiffres avec un point décimal.",
    "Écrivez par exemple 0.5 (avec un point, sans guillemets).",
)
BOOLEAN_EXPECTED = _declare(
    "boolean-expected",
    "format",
    "true ou false attendu (« {value} »)",
    "Ce champ vaut vrai ou faux.",
    "Écrivez true ou false.",
)
GREATER_THAN = _declare(
    "greater-than",
    "format",
    "doit être supérieur à {gt}",
    "La valeur est trop petite (une durée ne peut pas être nulle).",
    "Corrigez la valeur.",
)
AT_MOST = _declare(
    "at-most",
    "format",
    "doit être au plus {le}",
    "La valeur dépasse le maximum de ce champ.",
    "Corrigez la valeur.",
)
VALUE_INVALID = _declare(
    "value-invalid",
    "format",
    "valeur invalide ({detail})",
    "La valeur ne respecte pas le format de ce champ.",
    "Comparez avec la page « Format des contenus ».",
)
ACTION_NO_KIT = _declare(
    "action-no-kit",
    "format",
    "l'action doit figurer dans au moins un kit : ajoutez « for_teams » ou « for_companies »",
    "Une action sans vue d'aucun kit ne serait publiée nulle part.",
    "Ajoutez for_teams, for_companies ou les deux.",
)
ACTION_LEVELS_MISSING = _declare(
    "action-levels-missing",
    "format",
    "une action pour les élèves indique leurs niveaux dans « levels » "
    "(ou « participants: staff » si elle s'adresse aux personnels)",
    "Les filtres par niveau des kits s'appuient sur les niveaux des actions d'élèves.",
    "Ajoutez levels: [3e] (par exemple), ou participants: staff.",
)
ACTION_LEVELS_FOR_STAFF = _declare(
    "action-levels-for-staff",
    "format",
    "une action pour les personnels n'a pas de niveaux : retirez « levels »",
    "Une action de personnels apparaîtrait à tort quand on filtre les kits sur un niveau.",
    "Retirez la clé levels.",
)
PARTNER_ACADEMIES = _declare(
    "partner-academies",
    "format",
    "un partenaire d'échelle académique ou locale doit indiquer ses académies dans « academies »",
    "L'annuaire filtre les partenaires par académie.",
    "Ajoutez academies: [lille] (par exemple).",
)
QUESTION_CHOICES = _declare(
    "question-choices",
    "format",
    "une question doit proposer au moins deux choix",
    "Une question à une seule réponse ne vérifie rien.",
    "Ajoutez au moins un autre choix, avec son retour.",
)
QUESTION_NO_ANSWER = _declare(
    "question-no-answer",
    "format",
    "une question doit avoir au moins un choix juste (correct: true)",
    "Aucun choix n'est marqué comme juste : le quiz ne pourrait pas répondre.",
    "Marquez le ou les bons choix avec correct: true.",
)

# The one marker `passerelles new` writes for every value still to be written: a file
# that holds it anywhere fails validation at its line, so nothing half-written is published.
PLACEHOLDER_TEXT = "À COMPLÉTER"

PLACEHOLDER = _declare(
    "placeholder",
    "format",
    "valeur à compléter : remplacez « {marker} » (le commentaire au-dessus dit quoi écrire)",
    f"Le fichier a été créé par « passerelles new » et cette valeur est encore le repère "
    f"« {PLACEHOLDER_TEXT} » : rien n'est publié tant qu'il en reste un.",
    "Écrivez la valeur à la place du repère, en suivant le commentaire qui précède le champ ; "
    "pour un champ facultatif, vous pouvez aussi retirer ses lignes.",
)

# --------------------------------------------------------------------------- references

DUPLICATE_IN_LIST = _declare(
    "duplicate-in-list",
    "references",
    "« {value} » en double dans la liste",
    "La même valeur apparaît deux fois dans une liste.",
    "Retirez le doublon.",
)
REF_UNKNOWN_TYPO = _declare(
    "ref-unknown-typo",
    "references",
    "{what} « {target} » n'existe pas dans {where} : vouliez-vous dire « {hint} » ?",
    "La référence ne correspond à aucun fichier ; un identifiant proche existe.",
    "Corrigez l'identifiant.",
)
REF_UNKNOWN = _declare(
    "ref-unknown",
    "references",
    "{what} « {target} » n'existe pas dans {where}",
    "La référence ne correspond à aucun fichier du contenu.",
    "Corrigez l'identifiant (le nom du fichier sans .yml) ou créez le fichier.",
)
LESSON_LINK_INCOMPLETE = _declare(
    "lesson-link-incomplete",
    "references",
    "lien « lesson:{target} » incomplet : écrivez lesson:COURS/LEÇON",
    "Un lien vers une leçon doit nommer sa formation.",
    "Écrivez [texte](lesson:formation/lecon).",
)
MODULE_DUPLICATE = _declare(
    "module-duplicate",
    "references",
    "module « {id} » en double",
    "Deux modules d'une formation ont le même identifiant.",
    "Donnez-leur des identifiants différents.",
)
LESSON_LISTED_TWICE = _declare(
    "lesson-listed-twice",
    "references",
    "la leçon « {lesson} » est déjà listée dans le module « {module} » : chaque leçon figure une "
    "fois",
    "Une leçon apparaît dans deux modules (ou deux fois dans un module).",
    "Gardez-la dans un seul module.",
)
LESSON_MISSING = _declare(
    "lesson-missing",
    "references",
    "la leçon « {lesson} » n'existe pas : créez {path}",
    "Un module liste une leçon dont le fichier n'existe pas.",
    "Créez la leçon (passerelles new lesson FORMATION/ID) ou corrigez l'identifiant.",
)
LESSON_UNLISTED = _declare(
    "lesson-unlisted",
    "references",
    "leçon absente des modules de la formation : ajoutez « {lesson} » à un module de {path}",
    "Une leçon existe mais aucun module ne la liste : elle ne serait pas publiée.",
    "Ajoutez son identifiant à la liste lessons d'un module.",
)
LESSON_ID_RESERVED = _declare(
    "lesson-id-reserved",
    "references",
    "l'identifiant « {id} » est réservé à une page de la formation : renommez la leçon",
    "Les adresses « planning », « autopositionnement » et « index » d'une formation sont "
    "celles de ses outils et de son accueil.",
    "Renommez le fichier de la leçon et sa mention dans course.yml.",
)
TOTAL_HOURS = _declare(
    "total-hours",
    "references",
    "total_hours vaut {declared} h mais la somme des leçons fait {computed} h ({minutes} min)",
    "La durée annoncée de la formation ne correspond pas à la somme de ses leçons.",
    "Corrigez total_hours, ou la durée d'une leçon.",
)
COMPETENCE_DUPLICATE = _declare(
    "competence-duplicate",
    "references",
    "compétence « {id} » en double",
    "Deux compétences de la grille ont le même identifiant.",
    "Donnez-leur des identifiants différents.",
)

# --------------------------------------------------------------------------- markdown

MD_TOO_DEEP = _declare(
    "md-too-deep",
    "markdown",
    "texte trop imbriqué : au plus 6 niveaux de listes ou de citations",
    "Des listes ou citations sont imbriquées trop profondément pour être rendues.",
    "Aplatissez la liste.",
)
MD_BRACKETS = _declare(
    "md-brackets",
    "markdown",
    "trop de crochets « [ » ({count}, {max} au plus dans un texte)",
    "Un très grand nombre de « [ » rendrait la construction du site très lente.",
    "Retirez les crochets inutiles.",
)
MD_HTML = _declare(
    "md-html",
    "markdown",
    "HTML brut interdit dans le texte (« {snippet} »)",
    "Le HTML pourrait casser la page ou y glisser un script.",
    "Écrivez en Markdown : **gras**, *italique*, [lien](https://…), listes.",
)
MD_INDENTED_START = _declare(
    "md-indented-start",
    "markdown",
    "le texte commence par une ligne en retrait (quatre espaces ou une tabulation) : "
    "retirez ce retrait",
    "Seul, un texte qui commence en retrait est un bloc de code ; placé dans une page, "
    "après une liste par exemple, le même retrait le rattache à ce qui précède et il ne "
    "s'affiche plus comme prévu.",
    "Supprimez les espaces ou la tabulation au début du texte (un copier-coller les apporte "
    "souvent).",
)
MD_IMAGE = _declare(
    "md-image",
    "markdown",
    "les images ne sont pas acceptées dans le texte",
    "Une image chargée d'un autre site ferait fuiter la visite du lecteur.",
    "Retirez l'image ; mettez un lien vers la ressource si besoin.",
)
MD_ATTRIBUTES = _declare(
    "md-attributes",
    "markdown",
    "accolades « {{…}} » lues comme des attributs HTML : retirez-les, ou écrivez-les entre "
    "accents graves (`{{…}}`)",
    "Collées à un texte, des accolades changent le HTML de la page.",
    "Retirez les accolades, ou écrivez-les `entre accents graves`.",
)
MD_ATTRIBUTE = _declare(
    "md-attribute",
    "markdown",
    "attribut HTML « {name} » interdit dans le texte",
    "Le texte produirait un attribut HTML qui pourrait exécuter un script.",
    "Retirez la construction en cause.",
)
LINK_SPACE = _declare(
    "link-space",
    "markdown",
    "lien « {href} » invalide : une adresse ne contient pas d'espace "
    '(pour un titre, écrivez [texte](adresse "titre"))',
    "Une adresse de lien contient un espace.",
    "Retirez l'espace, ou encodez-le (%20).",
)
LINK_SCHEME_FORBIDDEN = _declare(
    "link-scheme-forbidden",
    "markdown",
    "lien « {scheme}: » interdit : seuls http(s), mailto et les liens internes sont permis",
    "Un lien javascript:, data: ou file: pourrait exécuter du code ou ne mènerait nulle part.",
    "Écrivez un lien https:// ou un lien interne.",
)
LINK_KIND_UNKNOWN = _declare(
    "link-kind-unknown",
    "markdown",
    "type de lien inconnu « {scheme}: » ; liens internes permis : {kinds}",
    "Le préfixe du lien ne désigne aucun type de page.",
    "Utilisez un des préfixes permis, par exemple action:ID.",
)
LINK_NOT_ALLOWED = _declare(
    "link-not-allowed",
    "markdown",
    "lien « {href} » non permis : écrivez une adresse complète en https:// ou un lien interne "
    "(action:ID, partner:ID, interlocutor:ID, lesson:COURS/LEÇON)",
    "Un lien relatif (autre.md) ne marcherait pas depuis toutes les pages.",
    "Écrivez un lien interne ([texte](action:ID)) ou une adresse complète.",
)

# --------------------------------------------------------------------------- edition

EDITION_ID_CLASH = _declare(
    "edition-id-clash",
    "edition",
    "{what} « {id} » existe déjà dans la base ({other}) : un fichier local ne remplace pas "
    "un fichier de la base",
    "Un fichier de l'édition porte le même identifiant qu'un fichier de sa base.",
    "Donnez un autre identifiant au fichier local ; pour ne pas publier celui de la base, "
    "ajoutez-le à hide dans edition.yml.",
)
EDITION_HIDE_UNKNOWN = _declare(
    "edition-hide-unknown",
    "edition",
    "{what} « {id} » n'existe pas dans la base : rien à masquer",
    "hide ne masque que des contenus de la base (le contenu national, par exemple).",
    "Corrigez l'identifiant, ou retirez-le de hide.",
)
EDITION_CONTACT_UNKNOWN = _declare(
    "edition-contact-unknown",
    "edition",
    "le rôle « {id} » n'existe pas : les contacts se rattachent à un identifiant de "
    "kits/interlocutors/",
    "contacts donne les services locaux d'un rôle existant (national ou local).",
    "Corrigez l'identifiant du rôle (le nom de son fichier sans .yml).",
)
EDITION_HIDE_TYPO = _declare(
    "edition-hide-typo",
    "edition",
    "{what} « {id} » ne fait pas partie de la base, rien à masquer : vouliez-vous dire "
    "« {hint} » ?",
    "hide ne masque que des contenus de la base ; un identifiant proche existe.",
    "Corrigez la faute de frappe (l'identifiant est le nom du fichier sans .yml ; "
    "`passerelles list actions` ou `partners` les donne).",
)
EDITION_CONTACT_TYPO = _declare(
    "edition-contact-typo",
    "edition",
    "le rôle « {id} » n'existe pas : vouliez-vous dire « {hint} » ? (un contact se rattache "
    "à un rôle de kits/interlocutors/)",
    "contacts donne les services locaux d'un rôle existant ; un identifiant proche existe.",
    "Corrigez la faute de frappe (`passerelles list interlocutors` donne les identifiants).",
)
EDITION_REFERENCES_WAIT = _declare(
    "edition-references-wait",
    "edition",
    "edition.yml illisible : sa base est inconnue, les identifiants des fichiers de l'édition "
    "seront vérifiés une fois edition.yml corrigé",
    "Sans edition.yml lisible, l'outil ne sait pas sur quel contenu l'édition s'appuie : les "
    "identifiants nationaux n'y seraient pas trouvés et chaque lien paraîtrait cassé.",
    "Corrigez d'abord l'erreur de lecture d'edition.yml que ce rapport signale.",
)
EDITION_LINK_TO_HIDDEN = _declare(
    "edition-link-to-hidden",
    "edition",
    "attention : lien vers {what} « {id} », que l'édition masque (hide) : il s'affichera "
    "comme simple texte",
    "Un texte de l'édition renvoie à un contenu de la base qu'elle ne publie pas.",
    "Retirez le lien, ou retirez l'identifiant de hide dans edition.yml.",
    warning=True,
)
EDITION_HIDDEN_DROPPED = _declare(
    "edition-hidden-dropped",
    "edition",
    "attention : {what} « {id} » n'apparaîtra pas ici : l'édition masque ce contenu (hide)",
    "next: ou partners: nomme un contenu de la base que l'édition ne publie pas : il est "
    "retiré de la page sans autre signe.",
    "Retirez l'identifiant de cette liste, ou de hide dans edition.yml.",
    warning=True,
)
EDITION_CONTACT_PERSONAL = _declare(
    "edition-contact-personal",
    "edition",
    "attention : « {email} » ressemble à l'adresse d'une personne (prénom.nom@) : un contact "
    "est un service",
    "Les contacts locaux sont des services joignables quel que soit l'agent en poste ; une "
    "adresse nominative est une donnée personnelle et cesse de répondre à son départ.",
    "Écrivez l'adresse fonctionnelle du service (pole-stages@…, ce.clee@…).",
    warning=True,
)
EDITION_BASE_MISSING = _declare(
    "edition-base-missing",
    "edition",
    "base « {base} » introuvable : écrivez « national » ou le chemin d'un dossier de contenu",
    "La base d'une édition est le contenu national ou un autre dossier de contenu.",
    "Écrivez base: national, ou un chemin relatif vers un dossier qui contient kits/ ou mooc/.",
)
EDITION_BASE_CYCLE = _declare(
    "edition-base-cycle",
    "edition",
    "bases en boucle : {chain}",
    "Une édition a pour base, directement ou non, elle-même.",
    "Changez la base d'une des éditions de la boucle.",
)
EDITION_BASE_ABSOLUTE = _declare(
    "edition-base-absolute",
    "edition",
    "base « {base} » : chemin absolu refusé ; écrivez « national » ou un chemin relatif",
    "Un chemin absolu désigne un dossier de la machine qui construit, hors du dépôt de "
    "l'édition : la construction d'une demande de fusion lirait ce que la machine contient.",
    "Écrivez base: national, ou le chemin relatif d'un dossier de contenu du même dépôt.",
)
EDITION_BASE_OUTSIDE = _declare(
    "edition-base-outside",
    "edition",
    "base « {base} » hors du dépôt de l'édition : elle doit être « national » ou un dossier "
    "de ce dépôt",
    "La base d'une édition est le contenu national ou un dossier du dépôt git de l'édition "
    "(hors d'un dépôt git : du dossier qui contient l'édition), une fois suivis les « .. » et "
    "les liens symboliques : une édition ne publie pas les fichiers d'ailleurs sur la machine.",
    "Écrivez base: national, ou placez la base dans le dépôt de l'édition.",
)
EDITION_KIT_IN_LAYER = _declare(
    "edition-kit-file",
    "edition",
    "fichier de kit manquant : ni l'édition ni sa base n'ont {file}",
    "Les deux kits (teams.yml, companies.yml) viennent de la base d'une édition.",
    "Donnez une base à l'édition (base: national) ou créez le fichier.",
)
LEGAL_MISSING = _declare(
    "legal-missing",
    "edition",
    "Mentions légales non renseignées ({file}, clé « legal ») : le site se construit, mais "
    "ne doit pas être publié ainsi",
    "Tout site public indique son éditeur, son directeur de la publication et son hébergeur "
    "(loi n° 2004-575 du 21 juin 2004, article 6).",
    "Remplissez legal (publisher, director, host), puis publiez avec "
    "passerelles build --require-legal.",
)
LEGAL_REQUIRED = _declare(
    "legal-required",
    "command",
    "--require-legal : les mentions légales manquent ({file}, clé « legal ») ; rien n'a été publié",
    "La publication exige des mentions légales complètes.",
    "Remplissez legal dans le fichier indiqué.",
)

SERVE_PORT_BUSY = _declare(
    "serve-port-busy",
    "command",
    "passerelles serve : l'adresse {host}:{port} est déjà prise ({reason}) ; rien n'a été "
    "construit",
    "Un autre programme (souvent un autre aperçu resté ouvert) écoute déjà sur ce port.",
    "Arrêtez l'autre aperçu, ou choisissez un autre port : passerelles serve --dev-addr "
    "127.0.0.1:8001.",
)
INIT_NOT_EMPTY = _declare(
    "init-not-empty",
    "command",
    "passerelles init : {folder} n'est pas vide ; choisissez un dossier nouveau, vide, ou "
    "qui ne contient que .git, README.md et .venv (un projet cloné de la forge)",
    "init crée le dossier d'une édition et ne remplace jamais des fichiers existants, sauf "
    "le fichier de présentation qu'une forge écrit dans un projet neuf.",
    "Indiquez un dossier qui n'existe pas encore, ou un clone tout neuf du projet créé sur "
    "la forge.",
)
INIT_ACADEMY_UNKNOWN = _declare(
    "init-academy-unknown",
    "command",
    "passerelles init : académie « {academy} » inconnue ; identifiants permis : {allowed}",
    "L'identifiant d'académie est celui de la liste des 30 académies.",
    "Choisissez un des identifiants donnés (orleans-tours, la-reunion…).",
)

# --------------------------------------------------------------------------- links

LINK_PROBLEM = _declare(
    "link-problem",
    "links",
    "{url} → {detail}",
    "Une adresse du contenu n'a pas répondu comme elle le devrait (détail ci-dessous).",
    "Ouvrez l'adresse dans un navigateur ; corrigez-la ou remplacez-la par la page actuelle.",
)
LINK_OK = _declare("link-ok", "links", "répond", "L'adresse répond normalement.", "Rien à faire.")
LINK_NOT_FOUND = _declare(
    "link-not-found",
    "links",
    "page {what} (code {status})",
    "Le site répond que la page n'existe pas ou plus (404, 410).",
    "Cherchez la page à sa nouvelle adresse sur le même site, ou retirez le lien.",
)
LINK_ACCESS_REFUSED = _declare(
    "link-access-refused",
    "links",
    "accès refusé au vérificateur (code {status}) : ouvrez le lien dans un navigateur",
    "Le site refuse les robots (401, 403) ; la page existe peut-être.",
    "Vérifiez le lien à la main ; s'il marche, rien à faire.",
)
LINK_RATE_LIMITED = _declare(
    "link-rate-limited",
    "links",
    "le site limite les vérifications (code 429) : vérifiez le lien plus tard",
    "Le site a reçu trop de demandes.",
    "Relancez la vérification plus tard.",
)
LINK_SERVER_ERROR = _declare(
    "link-server-error",
    "links",
    "erreur du serveur (code {status})",
    "Le site est en panne, ou la page provoque une erreur.",
    "Réessayez plus tard ; si l'erreur dure, cherchez une autre adresse.",
)
LINK_REFUSED = _declare(
    "link-refused",
    "links",
    "requête refusée (code {status})",
    "Le site refuse la demande (code 4xx).",
    "Vérifiez l'adresse exacte.",
)
LINK_REDIRECTED = _declare(
    "link-redirected",
    "links",
    "redirigé vers un autre site : {final} (mettez le lien à jour)",
    "La page a déménagé sur un autre site.",
    "Remplacez l'adresse par la nouvelle, après avoir vérifié qu'elle est officielle.",
)
LINK_AFTER_REDIRECT = _declare(
    "link-after-redirect",
    "links",
    "{detail} après redirection vers {final}",
    "L'adresse renvoie vers un autre site, où la page ne répond pas.",
    "Cherchez la page actuelle et mettez le lien à jour.",
)
LINK_TIMEOUT = _declare(
    "link-timeout",
    "links",
    "aucune réponse en {seconds} s",
    "Le site n'a pas répondu dans le temps laissé.",
    "Réessayez ; augmentez --timeout si le site est lent.",
)
LINK_REDIRECTS = _declare(
    "link-redirects",
    "links",
    "plus de {max} redirections à la suite",
    "L'adresse renvoie en boucle d'une page à l'autre.",
    "Ouvrez-la dans un navigateur et copiez l'adresse finale.",
)
LINK_INVALID = _declare(
    "link-invalid",
    "links",
    "adresse invalide",
    "L'adresse ne peut pas être demandée.",
    "Corrigez-la.",
)
LINK_CERTIFICATE = _declare(
    "link-certificate",
    "links",
    "connexion sécurisée impossible (certificat refusé)",
    "Le certificat du site n'est pas valide.",
    "Vérifiez l'adresse ; prévenez le site si elle est juste.",
)
LINK_UNREACHABLE = _declare(
    "link-unreachable",
    "links",
    "site injoignable (nom de domaine inconnu ou connexion refusée)",
    "Le nom du site n'existe plus, ou le serveur refuse les connexions.",
    "Vérifiez l'orthographe du nom de domaine ; cherchez la nouvelle adresse.",
)
LINK_INTERRUPTED = _declare(
    "link-interrupted",
    "links",
    "le site a interrompu la connexion",
    "Le serveur a coupé la connexion avant de répondre.",
    "Réessayez plus tard.",
)
LINK_INTERNAL_ADDRESS = _declare(
    "link-internal-address",
    "links",
    "adresse interne refusée : {host} mène à {address}, qui n'est pas sur Internet",
    "Le nom du site désigne une adresse de la machine ou d'un réseau privé (boucle locale, "
    "réseau d'établissement, adresse réservée) : le vérificateur ne la demande jamais, pour "
    "qu'un lien ne lui fasse pas interroger les services internes de la machine qui le lance.",
    "Remplacez l'adresse par celle d'une page publique ; un lien publié doit marcher pour tous.",
)
LINK_NOT_CHECKED_IN_TIME = _declare(
    "link-not-checked-in-time",
    "links",
    "non vérifiée : le temps total de la vérification ({seconds} s) était écoulé",
    "La vérification a un temps total (--budget) ; les adresses qu'elle n'a pas eu le temps "
    "de demander ne sont ni cassées ni gardées en cache.",
    "Relancez la commande (les adresses déjà vérifiées viennent du cache) ou augmentez --budget.",
)
LINKS_NOT_CHECKED = _declare(
    "links-not-checked",
    "links",
    "{count} erreur{s} dans le contenu : liens non vérifiés.",
    "Les liens ne sont vérifiés que sur un contenu valide.",
    "Corrigez d'abord les erreurs listées.",
)
LINKS_SUMMARY = _declare(
    "links-summary",
    "links",
    "{checked} adresse{s} vérifiée{s} ({asked} interrogée{asked_s}, {cached} d'après le cache "
    "de moins de {hours} h{late}) : {broken} lien{broken_s} cassé{broken_s}, {warnings} à "
    "vérifier.",
    "Résumé de passerelles links : les adresses demandées aux sites, celles que le cache "
    "connaissait déjà, et ce qui a été trouvé.",
    "Traitez chaque lien cassé ou à vérifier listé au-dessus.",
)
LINKS_LATE = _declare(
    "links-late",
    "links",
    "{count} non vérifiée{s} faute de temps",
    "Le temps total de la vérification (--budget) était écoulé avant que ces adresses soient "
    "demandées.",
    "Relancez la commande (les adresses déjà vérifiées viennent du cache) ou augmentez --budget.",
)
LINKS_CACHE_NOT_SAVED = _declare(
    "links-cache-not-saved",
    "links",
    "Cache des liens non enregistré ({reason})",
    "Le fichier qui garde les réponses des sites n'a pas pu être écrit (droits, disque plein) ; "
    "la vérification elle-même est complète.",
    "Vérifiez les droits du dossier de contenu ; la prochaine vérification redemandera chaque "
    "adresse.",
)

# --------------------------------------------------------------------------- review

OFFICIAL_TEXT_UNKNOWN_TYPO = _declare(
    "official-text-unknown-typo",
    "references",
    "texte officiel inconnu : « {target} » n'est pas dans {where} ; vouliez-vous dire « {hint} » ?",
    "review.texts nomme un texte absent de la liste des textes officiels ; un identifiant "
    "proche existe.",
    "Corrigez l'identifiant.",
)
OFFICIAL_TEXT_UNKNOWN = _declare(
    "official-text-unknown",
    "references",
    "texte officiel inconnu : « {target} » n'est pas dans {where}",
    "review.texts nomme un texte absent de la liste des textes officiels.",
    "Corrigez l'identifiant, ou ajoutez le texte (titre, adresse, date, statut) à la liste.",
)
REVIEW_MISSING = _declare(
    "review-missing",
    "review",
    "aucun relevé de vérification : ajoutez review (checked, texts)",
    "Le fichier ne dit pas quand il a été vérifié ni contre quels textes ; sa page ne "
    "montre pas « Vérifié le … ».",
    "Relisez le fichier contre les textes officiels, puis ajoutez « review: {checked: "
    "2026-12-06, texts: [...]} ».",
)
REVIEW_STALE = _declare(
    "review-stale",
    "review",
    "vérifié le {checked}, il y a {days} jours (au-delà de {max_age}) : à relire",
    "La dernière vérification est plus ancienne que l'âge fixé (--max-age) ; la règle a "
    "pu changer depuis.",
    "Relisez le fichier contre les textes en vigueur, corrigez-le, puis mettez la date de "
    "review.checked à jour.",
)
REVIEW_FUTURE = _declare(
    "review-future",
    "review",
    "vérifié le {checked}, une date à venir : faute de frappe ?",
    "La date de vérification est après aujourd'hui ; la page l'afficherait telle quelle.",
    "Écrivez la date du jour de la relecture : année-mois-jour, comme 2026-12-06.",
)
REVIEW_TEXT_REPLACED = _declare(
    "review-text-replaced",
    "review",
    "s'appuie sur « {title} », remplacé{by} : à relire",
    "La liste des textes officiels marque ce texte comme remplacé ; ce que le fichier en "
    "tire a pu changer.",
    "Relisez le fichier contre le nouveau texte, corrigez-le, puis citez le nouveau texte "
    "dans review.texts et mettez review.checked à jour.",
)
SOURCE_TEXT_REPLACED = _declare(
    "source-text-replaced",
    "review",
    "cite « {title} », remplacé{by} : à relire",
    "Une source ou une ressource a l'adresse d'un texte que la liste des textes officiels "
    "marque comme remplacé.",
    "Relisez ce que le fichier en tire contre le nouveau texte, puis citez le nouveau texte.",
)
REVIEW_SUMMARY = _declare(
    "review-summary",
    "review",
    "{count} fichier{s} à relire sur {total} ({warnings} avertissement{ws}).",
    "Résumé de passerelles review.",
    "Traitez chaque avertissement listé au-dessus.",
)
REVIEW_NOT_CHECKED = _declare(
    "review-not-checked",
    "review",
    "{count} erreur{s} dans le contenu : relevés non examinés.",
    "Les relevés ne sont examinés que sur un contenu valide.",
    "Corrigez d'abord les erreurs listées.",
)

# --------------------------------------------------------------------------- command

CONTENT_WARNINGS = _declare(
    "content-warnings",
    "command",
    "{count} avertissement{s} : à regarder, la publication n'est pas bloquée.",
    "Le contenu est publiable, mais certains choix méritent un coup d'œil (listés au-dessus).",
    "Lisez chaque avertissement et sa correction ; corrigez ce qui doit l'être.",
)
CONTENT_ERRORS = _declare(
    "content-errors",
    "command",
    "{count} erreur{s} : rien n'a été publié.",
    "Le contenu contient des erreurs ; tant qu'il y en a une, rien n'est écrit.",
    "Corrigez chaque erreur listée au-dessus, puis relancez.",
)
BUILD_REFUSED = _declare(
    "build-refused",
    "command",
    "Construction refusée : {reason}",
    "La commande refuse un réglage qui détruirait ou fausserait quelque chose.",
    "Lisez la raison donnée et changez le réglage.",
)
SITE_HOLDS_CONTENT = _declare(
    "site-holds-content",
    "command",
    "--site {site} contient le contenu ou l'outil : il serait remplacé par le site",
    "Le dossier du site est remplacé en entier à chaque construction.",
    "Choisissez un dossier de site à part, par exemple site/.",
)
SITE_IN_DOCS = _declare(
    "site-in-docs",
    "command",
    "--site {site} est dans le dossier des pages générées",
    "Le dossier des pages générées est réécrit à chaque construction.",
    "Choisissez un dossier de site hors de build/docs/.",
)
SITE_NOT_FOLDER = _declare(
    "site-not-folder",
    "command",
    "--site {site} n'est pas un dossier",
    "Le chemin donné est un fichier ou un lien.",
    "Indiquez un dossier.",
)
SITE_NOT_EMPTY = _declare(
    "site-not-empty",
    "command",
    "--site {site} n'est pas vide et ne contient pas de site construit : il serait remplacé ; "
    "choisissez un autre dossier",
    "Le dossier contient autre chose qu'un site construit par Passerelles.",
    "Choisissez un dossier vide ou un site déjà construit.",
)
SOURCE_DATE_INVALID = _declare(
    "source-date-invalid",
    "command",
    "SOURCE_DATE_EPOCH doit être un nombre entier de secondes (reçu « {value} »)",
    "La variable qui date une construction reproductible n'est pas un nombre.",
    "Retirez-la ou donnez-lui un nombre de secondes depuis 1970.",
)
OFFLINE_PLUGIN_MISSING = _declare(
    "offline-plugin-missing",
    "command",
    "--offline : le mkdocs.yml utilisé doit déclarer le plugin « offline » de Material",
    "La copie hors ligne s'appuie sur le plugin offline de mkdocs-material.",
    "Ajoutez « - offline: {enabled: false} » aux plugins de votre mkdocs.yml.",
)
BUILD_UNCHANGED = _declare(
    "build-unchanged",
    "command",
    "Rien n'a changé depuis la construction de {site} (contenu, configuration, outil, "
    "options, date) : le site est laissé tel quel.",
    "Le site publié a été construit à partir des mêmes fichiers et des mêmes réglages.",
    "Rien à faire ; pour reconstruire quand même, supprimez le dossier du site.",
)
BUILD_FAILED = _declare(
    "build-failed",
    "command",
    "Échec de la construction du site : {reason}",
    "MkDocs a refusé la configuration ou signalé un avertissement (la construction est stricte).",
    "Lisez le message de MkDocs au-dessus ; le site publié n'a pas changé.",
)
FILESYSTEM_ERROR = _declare(
    "filesystem-error",
    "command",
    "Erreur du système de fichiers{where} : {reason}",
    "Un dossier ne peut pas être lu ou écrit (droits, disque plein).",
    "Vérifiez les droits et la place disponible.",
)

CONTENT_VALID = _declare(
    "content-valid",
    "command",
    "Contenu valide : {actions} actions, {partners} partenaires, {interlocutors} "
    "interlocuteurs, {courses} formations, {lessons} leçons.",
    "passerelles validate n'a trouvé aucune erreur ; le résumé compte ce que le contenu publie.",
    "Rien à corriger ; lisez les avertissements éventuels, listés au-dessus.",
)
BUILD_DONE = _declare(
    "build-done",
    "command",
    "Site construit dans {site}",
    "passerelles build a validé le contenu, généré les pages et construit le site.",
    "Rien à faire : le dossier indiqué est le site à publier.",
)
GENERATION_DONE = _declare(
    "generation-done",
    "command",
    "{pages} pages générées ({written} fichier(s) écrit(s), {deleted} supprimé(s), "
    "{unchanged} inchangé(s))",
    "Journal d'une construction : les pages Markdown tirées du contenu, dont seules celles "
    "qui ont changé sont réécrites.",
    "Rien à faire.",
)
GENERATION_REUSED = _declare(
    "generation-reused",
    "command",
    "contenu inchangé depuis la génération précédente : {pages} pages reprises telles quelles",
    "Journal de l'aperçu : aucun fichier du contenu n'a changé depuis la dernière génération.",
    "Rien à faire.",
)
GENERATION_PROCESSES = _declare(
    "generation-processes",
    "command",
    "pages rendues par {processes} processus",
    "Journal d'une construction : les pages d'une grande édition sont rendues sur chaque cœur "
    "de la machine, puis écrites dans l'ordre du plan.",
    "Rien à faire.",
)
GENERATION_UNLINKED = _declare(
    "generation-unlinked",
    "command",
    "{count} lien(s) vers des contenus masqués par l'édition affiché(s) comme simple texte",
    "Un texte relie une page que l'édition masque (hide) : le lien devient du simple texte.",
    "Rien à faire si c'est voulu ; sinon retirez le lien du texte ou la page de la liste hide.",
)
MKDOCS_PLUGIN_MISSING = _declare(
    "mkdocs-plugin-missing",
    "command",
    "le mkdocs.yml utilisé doit déclarer le plugin « {plugin} » dans « plugins »",
    "La configuration MkDocs donnée (--config, ou le mkdocs.yml du dossier) ne charge pas le "
    "plugin qui génère les pages à partir du contenu.",
    "Ajoutez « - passerelles » à la liste plugins de ce mkdocs.yml, ou construisez sans --config.",
)
OPTION_NOT_NUMBER = _declare(
    "option-not-number",
    "command",
    "« {text} » n'est pas un nombre",
    "Une option qui attend un nombre a reçu autre chose.",
    "Écrivez un nombre, avec un point pour les décimales (par exemple 2.5).",
)
OPTION_NOT_DAYS = _declare(
    "option-not-days",
    "command",
    "« {text} » n'est pas un nombre de jours",
    "Une option qui attend un nombre entier de jours a reçu autre chose.",
    "Écrivez un nombre entier de jours, par exemple 365.",
)
OPTION_TOO_SMALL = _declare(
    "option-too-small",
    "command",
    "doit être au moins {minimum} (reçu {text})",
    "La valeur donnée à l'option est sous le minimum qu'elle accepte.",
    "Donnez une valeur au moins égale au minimum indiqué.",
)
OPTION_NOT_ABOVE = _declare(
    "option-not-above",
    "command",
    "doit être supérieur à {minimum} (reçu {text})",
    "La valeur donnée à l'option doit dépasser le nombre indiqué (zéro n'a pas de sens pour "
    "une durée d'attente).",
    "Donnez une valeur plus grande que le nombre indiqué.",
)
LIST_EMPTY = _declare(
    "list-empty",
    "command",
    "Aucun fichier dans {where}",
    "passerelles list n'a trouvé aucun fichier de ce type dans le contenu.",
    "Vérifiez le dossier de contenu donné, ou créez un fichier avec passerelles new.",
)
EDITION_CREATED = _declare(
    "edition-created",
    "command",
    "Édition de l'académie {academy} créée dans {folder} ({count} fichiers). Lisez {readme} "
    "pour la suite.",
    "passerelles init a écrit le dossier d'une édition académique.",
    "Suivez le README du dossier créé, étape par étape.",
)

# --------------------------------------------------------------------------- new

NEW_CREATED = _declare(
    "new-created",
    "command",
    "Fichier créé : {path}\nRemplacez chaque « {marker} » en suivant les commentaires, puis "
    "lancez passerelles validate (ou passerelles serve pour voir la page).",
    "passerelles new a écrit le squelette d'un nouveau fichier.",
    "Complétez-le ; la validation signale chaque valeur encore à compléter, à sa ligne.",
)
NEW_LESSON_LINE = _declare(
    "new-lesson-line",
    "command",
    "La leçon n'est publiée que si un module de la formation la liste : dans {path}, ajoutez "
    "« {lesson} » à la liste lessons d'un module, par exemple :\n    lessons: [{lessons}]",
    "Une leçon existe mais aucun module de sa formation ne la liste encore.",
    "Ajoutez son identifiant à la liste lessons du module voulu, à la place voulue.",
)
NEW_ID_INVALID = _declare(
    "new-id-invalid",
    "command",
    "identifiant « {id} » refusé : minuscules sans accent, chiffres et tirets, 80 caractères "
    "au plus (par exemple « visite-d-entreprise »)",
    "L'identifiant devient le nom du fichier et l'adresse de la page.",
    "Choisissez un identifiant fait de mots en minuscules reliés par des tirets.",
)
NEW_LESSON_ID = _declare(
    "new-lesson-id",
    "command",
    "« {id} » : écrivez la leçon sous la forme FORMATION/LEÇON (par exemple "
    "« accueillir-un-eleve-de-3e/le-premier-jour »)",
    "Une leçon appartient à une formation : son identifiant nomme les deux.",
    "Écrivez l'identifiant de la formation, une barre oblique, puis celui de la leçon.",
)
NEW_EXISTS = _declare(
    "new-exists",
    "command",
    "{path} existe déjà : rien n'a été écrit (choisissez un autre identifiant ou modifiez ce "
    "fichier)",
    "passerelles new ne remplace jamais un fichier : il contient peut-être du travail.",
    "Choisissez un autre identifiant, ou ouvrez le fichier existant pour le modifier.",
)
NEW_COURSE_UNKNOWN = _declare(
    "new-course-unknown",
    "command",
    "formation « {course} » introuvable ({path} n'existe pas) : créez-la d'abord avec "
    "passerelles new course {course}",
    "Une leçon s'ajoute à une formation existante, dans son dossier.",
    "Vérifiez l'identifiant de la formation (le nom de son dossier), ou créez la formation.",
)

# --------------------------------------------------------------------------- export

EXPORT_REFUSED = _declare(
    "export-refused",
    "command",
    "Export refusé : {reason}",
    "La commande export ne peut pas écrire les paquets demandés.",
    "Lisez la raison donnée, corrigez la commande, puis relancez.",
)
EXPORT_WHICH_COURSE = _declare(
    "export-which-course",
    "command",
    "indiquez une formation, ou --all pour toutes les formations (pas les deux)",
    "La commande export a reçu à la fois une formation et --all, ou ni l'une ni l'autre.",
    "Écrivez « passerelles export FORMATION … » ou « passerelles export --all … ».",
)
EXPORT_COURSE_UNKNOWN = _declare(
    "export-course-unknown",
    "command",
    "formation inconnue « {course} » ; formations connues : {known}",
    "Aucun dossier mooc/FORMATION/ du contenu ne porte ce nom.",
    "Reprenez l'identifiant d'une formation listée (le nom de son dossier dans mooc/).",
)
EXPORT_FORMAT_UNKNOWN = _declare(
    "export-format-unknown",
    "command",
    "format inconnu « {format} » ; formats possibles : {formats}",
    "Le format demandé n'est pas l'un des paquets que Passerelles sait écrire.",
    "Choisissez scorm12, imscc, olx ou moodle (ou all pour les quatre).",
)
EXPORT_SITE_URL = _declare(
    "export-site-url",
    "command",
    "adresse du site « {url} » refusée : écrivez une adresse complète en https:// "
    "(sans espace, guillemet ni parenthèse)",
    "Les liens des paquets vers les fiches du site sont écrits à partir de cette adresse.",
    "Donnez l'adresse publique du site, par exemple https://exemple.fr/passerelles/.",
)


# --------------------------------------------------------------------------- output

OUTPUT_UNSAFE = _declare(
    "output-unsafe",
    "output",
    "{file} : {what} ; rien n'a été publié",
    "Le contrôle final relit chaque page, chaque document de recherche et chaque paquet de "
    "formation avant de les publier : il y a trouvé ce que Passerelles n'écrit jamais "
    "(script inconnu, attribut d'événement, adresse javascript:, élément qui embarque une "
    "autre page). La validation aurait dû le refuser : c'est un défaut de l'outil ou d'un "
    "gabarit modifié, pas seulement du contenu.",
    "Corrigez le texte du fichier YAML indiqué (retirez le balisage), puis signalez le cas "
    "sur la forge de Passerelles : la validation doit le refuser à sa ligne.",
)
OUTPUT_UNSAFE_AT = _declare(
    "output-unsafe-source",
    "output",
    "{what} dans la page {file}, tirée de ce fichier ; rien n'a été publié",
    OUTPUT_UNSAFE.cause,
    OUTPUT_UNSAFE.fix,
)

"""Report languages: gettext catalogs for English and Traditional Chinese (Taiwan usage).

The report's own words are marked with ``_()`` in the report code and ``{{ _("...") }}``
in the templates. The English strings that `assess()` puts in its output are translated by
msgid too: fixed labels (indicator labels, rule summaries, agreement kinds) are listed
below with ``N_()``; notes that carry numbers or names are `messages.Message` objects whose
id is their template, declared where the core makes them and translated from the id and
parameters (`Translator.data`), never by reading the English back. Strings declared in TOML
(dimension names and questions, the options model's labels and reasons, the manifest's
licences and prose versions) are msgids read by `toml_msgids`.

Updating the catalog (babel.cfg beside this file says what is extracted)::

    python -m alignscope.report.i18n extract   # rewrite locales/alignscope.pot, merge the .po
    # translate the new entries in locales/zh_TW/LC_MESSAGES/alignscope.po by hand
    python -m alignscope.report.i18n compile   # write the .mo next to the .po; commit both

A test fails when the .mo is stale or a msgid has no translation.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..errors import UsageError
from ..messages import N_, Message, Notes
from .toml_msgids import PACKAGE, all_toml_msgids, extract_toml, toml_msgids

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "alignscope"
LANGS = {"en": "en", "zh-TW": "zh_TW"}
"""Report language as users type it -> gettext locale folder."""


def parse_lang(text: str) -> str:
    """'en' or 'zh-TW' from what a user typed (zh_TW, zh-tw, zh-Hant-TW are accepted)."""
    key = text.strip().replace("_", "-").lower()
    aliases = {"en": "en", "zh-tw": "zh-TW", "zh-hant": "zh-TW", "zh-hant-tw": "zh-TW"}
    if key not in aliases:
        raise UsageError(f"unknown language '{text}' for --lang; choose en or zh-TW")
    return aliases[key]


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (English is the msgids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALES, languages=[LANGS[lang]])


# ---------------------------------------------------------------- strings of assess() output

TYPE_NAMES = {
    "alliance": N_("Alliance"),
    "strategic_partnership": N_("Strategic partnership"),
    "tacit_alignment": N_("Tacit alignment"),
    "quasi_alliance": N_("Quasi-alliance"),
    "security_community": N_("Security community"),
    "coalition": N_("Coalition"),
    "minilateral": N_("Minilateral"),
    "rivalry": N_("Rivalry"),
    "non_aligned": N_("Non-aligned"),
}
"""Display names of the alignment types (the type ids are the rule names too)."""

DATA_MSGIDS = (
    # indicator labels (assess/indicators.py)
    N_("Defence or offence obligation (ATOP)"),
    N_("Strongest ATOP obligation (3 defence, 2 neutrality, 1 other)"),
    N_("Alliance-portfolio similarity (S)"),
    N_("Common strategic rivals"),
    N_("Common defence allies (ATOP)"),
    N_("Common patrons (formal or informal)"),
    N_("Security agreements and dialogues in force"),
    N_("Arms transferred either way, ten-year stock (SIPRI TIV)"),
    N_("Joint military exercises that year (MME)"),
    N_("Strategic rivalry between them"),
    N_("Militarised dispute that year"),
    N_("Bilateral trade"),
    N_("Trade interdependence (Barbieri)"),
    N_("Trade agreements in force (DESTA)"),
    N_("Economic agreements and MOUs in force"),
    N_("Both democracies (V-Dem)"),
    N_("Regime distance (polyarchy)"),
    N_("Years both democracies"),
    N_("UN ideal-point distance"),
    N_("Shared IGO memberships"),
    N_("Leader-level declarations in force"),
    N_("Diplomatic representation, mean of both sides (COW DE: 3 ambassador … 0 none)"),
    N_("Share of cooperative events (ICEWS quad counts)"),
    N_("Share of days with net-positive events (GDELT)"),
    N_("Leader and foreign-minister visits that year (US, China)"),
    N_("MID-years in the previous 30 years"),
    N_("MID-years with use of force in the previous 30 years"),
    N_("Years of strategic rivalry in the previous 50 years"),
    N_("Years allied (ATOP) in the previous 50 years"),
    N_("Common rivalry with the third state"),
    N_("Both sides' MID-years with the third state (10 years)"),
    N_("Largest trade dependence on the third state"),
    N_("Patron's support for the less-backed side"),
    N_("The patron backs both"),
    N_("Patron in rivalry with the third state"),
    N_("Curated evidence balance"),
    # rule summaries (assess/taxonomy.py)
    N_("a formal defence or offence obligation in either direction (ATOP)"),
    N_("a mutual-defence treaty in force (curated agreements)"),
    N_("the two are strategic rivals (Thompson, Sakuwa & Suhas)"),
    N_("the two are strategic rivals (Thompson & Dreyer)"),
    N_(
        "a declared partnership, security declaration or defence-partner designation in "
        "force, and no alliance"
    ),
    N_(
        "not allied with each other, but a common ally, a common threat and direct ties "
        "of their own"
    ),
    N_(
        "democracies together for 20+ years, no use of force between them in 30 years, "
        "and dense institutional and economic ties (top decile of both), in one region"
    ),
    N_("on the same side of a militarised dispute that year, without an alliance"),
    N_("no alliance, partnership or rivalry, but a common threat and a patron backing both"),
    N_("no alliance, partnership or rivalry, but a common threat and functional agreements"),
    N_("coalition could not be tested: MID data end before this year"),
    N_("no rule for an alignment or a rivalry fired"),
    N_("every pair is allied"),
    N_("a standing dialogue or framework, active that year, with all of them"),
    N_("no state threatens either side (no rivalry or militarised dispute in ten years)"),
    N_("no great power backs either state (defence obligation or support signals)"),
    N_("no third state: none threatens either side; pass one with --third"),
    N_(
        "no outside patron: no great power backs them, or one of them is the hub; pass one "
        "with --patron"
    ),
    # notes without variable parts
    N_("no data"),
    N_("needs a third state / patron"),
    N_("no curated evidence is shipped yet"),
    N_("hostility"),
    N_("exposure"),
    # how an indicator is normalised (assess/dimensions.toml)
    N_("percentile"),
    N_("binary"),
    N_("share"),
    N_("cap"),
    N_("balance"),
    N_("rank_nonzero"),
    # how the third state and the patron are chosen (measures/triangle.py, measures/parties.py)
    N_(
        "the state that most threatens or pressures the pair: rivalry, MIDs, capability, "
        "contiguity and trade leverage (measures.parties)"
    ),
    N_(
        "the great power with the strongest backing for A and B: ATOP defence/offence, informal "
        "commitments and designations, US troops, arms supply (measures.parties); none when A or "
        "B is itself the hub"
    ),
    # agreement kinds (curation/agreements.csv)
    N_("defence_pact"),
    N_("defence_cooperation"),
    N_("security_declaration"),
    N_("strategic_partnership"),
    N_("informal_commitment"),
    N_("designation"),
    N_("mou"),
    N_("investment"),
    N_("fta"),
    N_("open_skies"),
    N_("fisheries"),
    N_("dialogue"),
)

OPTION_MSGIDS = (
    # option labels (assess/options/model.py LABELS)
    N_("status quo (tacit alignment)"),
    N_("strategic partnership"),
    N_("trilateral / minilateral"),
    # measured inputs (assess/options/inputs.py INPUT_LABELS)
    N_("CINC of A"),
    N_("CINC of B"),
    N_("CINC of C"),
    N_("CINC of P"),
    N_("C's share of A's trade"),
    N_("C's share of B's trade"),
    N_("A's share of C's trade"),
    N_("B's share of C's trade"),
    N_("C's share of P's trade"),
    N_("P's share of C's trade"),
    N_("B's share of A's trade"),
    N_("A's share of B's trade"),
    N_("A's hostility with C"),
    N_("B's hostility with C"),
    N_("P's hostility with C"),
    N_("P's commitment to A"),
    N_("P's commitment to B"),
    N_("A's obligation to P"),
    N_("B's obligation to P"),
    N_("regime similarity A–B"),
    N_("regime similarity A–P"),
    N_("regime similarity B–P"),
    N_("A's isolation (IGOs)"),
    N_("B's isolation (IGOs)"),
    N_("level already reached (0–2)"),
    N_("functional agreements done"),
    N_("A–B cooperation trend"),
    # units and criterion (assess/options/analysis.py)
    N_(
        "security units: shares of the capability balance against C (COW CINC); trade terms "
        "converted by econ_weight"
    ),
    N_(
        "best = the feasible option with the largest joint net gain of A and B; feasible = "
        "every party whose consent is needed (A, B; and P for a trilateral) gains over the "
        "status quo"
    ),
    # notes of missing inputs (assess/options/inputs.py)
    N_("no CINC"),
    N_("no rivalry or MID data that year"),
    N_("a polyarchy score is missing"),
    N_("no IGO rows for the state"),
    N_("no events ingested in this store"),
)
"""The English strings of the options model (`options` entry of assess()). A test checks
that every label, parameter and reason the model ships is listed here."""

class Translator:
    """Translates the report's own words and the English strings of an assessment."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translations(lang)
        self.gettext: Callable[[str], str] = self._t.gettext
        self.ngettext: Callable[[str, str, int], str] = self._t.ngettext

    def __call__(self, message: str) -> str:
        return self._t.gettext(message)

    @property
    def comma(self) -> str:
        """The list separator: the enumeration comma in Chinese."""
        return "、" if self.lang == "zh-TW" else ", "

    @property
    def html_lang(self) -> str:
        return "zh-Hant-TW" if self.lang == "zh-TW" else "en"

    def data(self, text: str | None) -> str:
        """A string of the assess() output in the report's language (else as it is): a
        `Message` from its id with its parameters translated in turn, `Notes` part by part,
        any other string by the catalog."""
        if not text:
            return text or ""
        if isinstance(text, Notes):
            return self.semicolon.join(self.data(part) for part in text.parts)
        if isinstance(text, Message):
            fields = {k: self.data(v) if isinstance(v, str) else v
                      for k, v in text.params.items()}
            return self._t.gettext(text.id).format(**fields)
        return self._t.gettext(text)

    @property
    def semicolon(self) -> str:
        """The separator of notes read as one: the full-width semicolon in Chinese."""
        return "；" if self.lang == "zh-TW" else "; "

    def type_name(self, type_id: str | None) -> str:
        if not type_id:
            return "–"
        return self._t.gettext(TYPE_NAMES.get(type_id, type_id))

    def yes_no(self, value: object) -> str:
        _ = self._t.gettext
        if value is None:
            return "–"
        return _("yes") if value else _("no")


def manifest_msgids() -> dict[str, int]:
    """The strings of the dataset manifest a report shows in its sources table: every
    dataset's licence, and its version where it is prose; each with its first line in the
    file (for the catalog's references). Names and citations are not translated."""
    return toml_msgids("datasets/manifest.toml")


def report_msgids() -> set[str]:
    """Every msgid the report can look up in the catalog (for the completeness test)."""
    return (
        set(TYPE_NAMES.values())
        | set(DATA_MSGIDS)
        | set(OPTION_MSGIDS)
        | all_toml_msgids()
    )


# ---------------------------------------------------------------- maintaining the catalog

PO = LOCALES / "zh_TW" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
POT = LOCALES / f"{DOMAIN}.pot"


def extract():  # pragma: no cover - exercised through the catalog test
    """The template catalog (needs Babel): every msgid in the report code and templates,
    the message templates of the core (`Message(...)`, `N_(...)`), and the strings the
    reports show from TOML files (`toml_msgids.extract_toml`); paths as in babel.cfg."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    method_map = [
        ("report/templates/**.html", "jinja2"),
        ("report/**.py", "python"),
        ("cli/assess.py", "python"),
        ("assess/**.py", "python"),
        ("measures/**.py", "python"),
        ("assess/*.toml", extract_toml),
        ("datasets/manifest.toml", extract_toml),
    ]
    options = {"report/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "Message": None}
    catalog = Catalog(project="alignscope", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map, options, keywords=keywords
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def compile_mo() -> None:  # pragma: no cover - run by hand after editing the .po
    """Write the .mo from the .po (Babel)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh_TW")
    with MO.open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)


def update_po() -> None:  # pragma: no cover - run by hand when strings change
    """Rewrite the .pot and merge it into the .po, keeping existing translations."""
    from babel.messages.pofile import read_po, write_po

    template = extract()
    with POT.open("wb") as f:
        write_po(f, template, width=100, sort_output=True)
    with PO.open("rb") as f:
        catalog = read_po(f, locale="zh_TW")
    catalog.update(template, no_fuzzy_matching=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":  # pragma: no cover
    commands = {"extract": update_po, "compile": compile_mo}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit("usage: python -m alignscope.report.i18n extract|compile")
    commands[sys.argv[1]]()

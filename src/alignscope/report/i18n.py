"""Report languages: gettext catalogs for English and Traditional Chinese (Taiwan usage).

The report's own words are marked with ``_()`` in the report code and ``{{ _("...") }}``
in the templates. The English strings that `assess()` puts in its output (dimension
names and questions, indicator labels, rule summaries, agreement kinds, notes) are
translated by msgid too: they are listed below with ``N_()`` so that extraction sees them.
Notes that carry numbers or names are matched against msgid templates with ``{field}``
placeholders (see `NOTE_TEMPLATES`). The licences and prose versions of the dataset manifest,
which the sources table shows, are msgids too (`manifest_msgids`, read from the TOML).

Updating the catalog (babel.cfg beside this file says what is extracted)::

    python -m alignscope.report.i18n extract   # rewrite locales/alignscope.pot, merge the .po
    # translate the new entries in locales/zh_TW/LC_MESSAGES/alignscope.po by hand
    python -m alignscope.report.i18n compile   # write the .mo next to the .po; commit both

A test fails when the .mo is stale or a msgid has no translation.
"""

from __future__ import annotations

import gettext
import re
import sys
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..errors import UsageError

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "alignscope"
LANGS = {"en": "en", "zh-TW": "zh_TW"}
"""Report language as users type it -> gettext locale folder."""


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


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
    # dimension names and questions (assess/dimensions.toml)
    N_("Security"),
    N_("Economic"),
    N_("Ideology and regime"),
    N_("Leaders and domestic politics"),
    N_("History and culture"),
    N_("Third-party pressure"),
    N_("Patron and hub"),
    N_("Shared threats, defence commitments, military contacts"),
    N_("Interdependence, economic agreements, economic security"),
    N_("Shared democratic values, value-based groupings"),
    N_("Leaders' orientation, leader-level commitments, domestic incidents"),
    N_("Legacy of conflict, people-to-people ties, disaster aid"),
    N_("Does the third state push the dyad together (shared threat) or hold it apart (leverage)?"),
    N_("Does a common great-power partner commit to both sides?"),
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
    # declared parameters (assess/options_params.toml): labels, then reasons
    N_("partner's support under tacit alignment"),
    N_("support added by a strategic partnership"),
    N_("support added by a trilateral framework"),
    N_("reliability of a formal commitment"),
    N_("how far a trilateral firms up P's ties"),
    N_("C's reaction to a strategic partnership"),
    N_("C's reaction to a trilateral framework"),
    N_("share of C's reaction that needs rivalry"),
    N_("share of trade with C lost to coercion"),
    N_("rise of C's capability aimed at the dyad"),
    N_("cost of being drawn into a crisis with C"),
    N_("rise of P's entrapment from a formal step"),
    N_("value of trade share vs security"),
    N_("trade gain from institutionalising ties"),
    N_("value of international space"),
    N_("annual discount factor"),
    N_("years before a new level pays off"),
    N_("effect of the cooperation trend on support"),
    N_(
        "Probability-like weight of the partner's help in a crisis with C when the dyad is "
        "only tacitly aligned (no instrument). Tacit alignment is an expectation of support "
        "without a commitment (Snyder 1997, Alliance Politics, ch. 1); set at a twentieth of "
        "certain help."
    ),
    N_(
        "Added to the tacit level. A strategic partnership is formalised but non-binding and "
        "goal-driven (Wilkins 2008, Contemporary Security Policy 29(2)): it raises "
        "expectations of help, but total support (0.20) stays far below a formal ally's "
        "(alliance_reliability)."
    ),
    N_(
        "Added to the partnership level. A standing framework with the patron (like the "
        "US–Japan–Australia Trilateral Strategic Dialogue) institutionalises consultation but"
        " is not a treaty; total support 0.40, about half of alliance_reliability."
    ),
    N_(
        "Share of formal alliance commitments honoured when invoked: about 75% (Leeds, Long &"
        ' Mitchell 2000, "Reevaluating Alliance Reliability", JCR 44(5): 686–99). Sabrosky\'s '
        "(1980) much lower figure used a stricter coding; the range keeps the doubt."
    ),
    N_(
        "Fraction of the gap to a full formal commitment (P's to each side, and each side's "
        "to P) that the patron's joining a standing framework closes, scaled by regime "
        "similarity. Under a half because the framework is not a treaty (Snyder 1984: only a "
        "tighter commitment lowers abandonment, and it raises entrapment)."
    ),
    N_(
        "Probability-like strength with which C answers a new partnership with coercion and "
        "military pressure. A partnership is visible but not military; C is set to react in "
        "about one case in four, with a wide range."
    ),
    N_(
        "A framework that joins the dyad to C's rival patron reads as containment; in "
        "Snyder's (1984) adversary game a tighter alignment provokes the adversary. A "
        "reaction is set more likely than not."
    ),
    N_(
        "Coercers act more readily against states they expect conflict with (Drezner 1999, "
        "The Sanctions Paradox): this share of C's reaction applies in proportion to the "
        "target's hostility with C, the rest to every target. Half, as the evidence gives no "
        "split."
    ),
    N_(
        "Coercion hits sectors (e.g. the 2010 halt of rare-earth exports to Japan in the case"
        " file), not all trade, and a target adjusts: vulnerability, not sensitivity (Keohane"
        " & Nye 1977). A tenth of the trade with C is lost in a full reaction (Hirschman "
        "1945: the damage is in proportion to the target's dependence)."
    ),
    N_(
        "In a full reaction C directs this much more capability at the states taking the step"
        " (the spiral model: Jervis 1976, Perception and Misperception, ch. 3; Snyder 1984's "
        "adversary game). A tenth: deployments and exercises, not mobilisation."
    ),
    N_(
        "Security units lost if a party is certainly drawn into its ally's crisis with C "
        "(Snyder 1984's entrapment), scaled by C's weight in the balance. No estimate exists;"
        " set at under a third of the balance with a wide range."
    ),
    N_(
        "A formal multilateral step emboldens the clients (moral hazard) and binds the patron"
        " publicly: P's entrapment exposure rises by half. Snyder (1984): firmer commitment, "
        'more entrapment; Cha (2010, "Powerplay", International Security 34(3)): the US kept '
        "Asian alliances bilateral to restrain its allies and avoid entrapment."
    ),
    N_(
        "Security units per unit of total-trade share: both are shares, weighted 1:1 as there"
        " is no common scale; the range spans a factor of four either way (drawn on a log "
        "scale, so 1 is also the median), and the sensitivity table shows what that does."
    ),
    N_(
        "Rise in the value of A–B trade from completing functional cooperation. A free trade "
        "agreement roughly doubles members' trade after ten years (Baier & Bergstrand 2007, "
        "J. Int. Econ. 71(1): 72–95); a partnership without tariff preferences gets a "
        "twentieth."
    ),
    N_(
        "Security units of the full international space a trilateral gives an isolated state "
        "(one with few IGO memberships; half for a partnership). Symbolic and partial (e.g. "
        "observer status at the WHA in the case file), so kept below the security terms."
    ),
    N_(
        "Weight of next year's gains against this year's, the conventional value in repeated-"
        'game and bargaining models of international politics (e.g. Fearon 1998, "Bargaining,'
        ' Enforcement, and International Cooperation", IO 52(2)).'
    ),
    N_(
        "Years of negotiation and implementation before the gains of each new level arrive, "
        "while C's reaction is immediate. Two years: the 2010 Japan–Taiwan MOU to the 2011 "
        "investment arrangement in the case file is the order of magnitude."
    ),
    N_(
        "How much an improving A–B event trend (change in net cooperation, −1..1, from "
        "ingested ICEWS/GDELT events) raises the partner's expected support. Half: the trend "
        "is a noisy signal. Unused (trend 0) when no events for the dyad are in the store."
    ),
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

NOTE_TEMPLATES = (
    N_("{name} ends in {end}: value for {end}, its last covered year, not {year}"),
    N_("{name} starts in {start}: no value for {year}"),
    N_("{name} ends in {end}; its {end} values stand in for {year}."),
    N_("{name} ends in {end}; its {end} value is used"),
    N_("{name} starts after {year}"),
    N_("no curated evidence in {start}–{end}"),
    N_("{what}: no data for {keys}"),
    N_("{name} ends in {end}: a current event cannot be tested after it"),
    N_("{code} is itself the great power backing the pair: no outside patron"),
    N_("the pair includes the strongest great power ({code}): no outside patron is looked for"),
    N_("score {score}: threat to {a} {t1}, to {b} {t2}; runner-up {runner}"),
    N_("support for {a} {s1}, for {b} {s2}; runner-up {runner}"),
    # the options model (assess/options): why it could not run, inputs left neutral
    N_("no {role} could be suggested for {year} from the data; name one with {flag}"),
    N_(
        "no COW capability score for {states} in {year}; the options model needs CINC for all "
        "four states, so choose a year the data cover (to 2022)"
    ),
    N_("{k} is missing ({note}); the model uses its neutral value"),
    N_("ATOP {atop} stands in for {year}"),
    N_("no A–B events in {year} or the 3 years before"),
    # thin curated coverage of a dyad (assess/assessment.py, _coverage_notes)
    N_(
        "few curated records for {a}–{b}: {n_agreements} instruments and {n_evidence} evidence "
        "records up to {year}; the I-4, I-5 and E scores rest mostly on datasets"
    ),
)
"""Notes with variable parts: a note matching a template is translated field by field."""


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    seen: set[str] = set()
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        elif part in seen:
            out.append(f"(?P={part})")
        else:
            seen.add(part)
            out.append(f"(?P<{part}>.+?)")
    return re.compile("^" + "".join(out) + "$")


_NOTE_PATTERNS = tuple((_pattern(t), t) for t in NOTE_TEMPLATES)


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
        """A string from the assess() output in the report's language (else as it is)."""
        if not text:
            return text or ""
        translated = self._t.gettext(text)
        if translated != text or self.lang == "en":
            return translated
        for pattern, template in _NOTE_PATTERNS:
            match = pattern.match(text)
            if match:
                fields = {k: self.data(v) for k, v in match.groupdict().items()}
                return self._t.gettext(template).format(**fields)
        if "; " in text:  # notes joined by the core: translate each
            return "；".join(self.data(part) for part in text.split("; "))
        return text

    def type_name(self, type_id: str | None) -> str:
        if not type_id:
            return "–"
        return self._t.gettext(TYPE_NAMES.get(type_id, type_id))

    def yes_no(self, value: object) -> str:
        _ = self._t.gettext
        if value is None:
            return "–"
        return _("yes") if value else _("no")


MANIFEST = Path(__file__).resolve().parent.parent / "datasets" / "manifest.toml"
"""The shipped datasets' manifest: its licences and prose versions are in the catalog."""


def _prose(text: str) -> bool:
    """A version with words after its first token ("2026-11 (third release, 729
    instruments)"), not a bare identifier ("5.1", "countrycode 1.8.0")."""
    rest = text.split(maxsplit=1)[1:]
    return bool(rest and re.search(r"\b[a-z]{3,}\b", rest[0]))


def manifest_msgids() -> dict[str, int]:
    """The strings of the dataset manifest a report shows in its sources table: every
    dataset's licence, and its version where it is prose; each with its first line in the
    file (for the catalog's references). Names and citations are not translated."""
    found: dict[str, int] = {}
    table = ""
    for lineno, line in enumerate(MANIFEST.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("["):
            table = line.strip("[] ")
        elif "." not in table and line.startswith(("licence = ", "version = ")):
            key, value = next(iter(tomllib.loads(line).items()))
            if value and (key == "licence" or _prose(value)):
                found.setdefault(value, lineno)
    return found


def report_msgids() -> set[str]:
    """Every msgid the report can look up in the catalog (for the completeness test)."""
    return (
        set(TYPE_NAMES.values())
        | set(DATA_MSGIDS)
        | set(OPTION_MSGIDS)
        | set(NOTE_TEMPLATES)
        | set(manifest_msgids())
    )


# ---------------------------------------------------------------- maintaining the catalog

_HERE = Path(__file__).resolve().parent
PO = LOCALES / "zh_TW" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
POT = LOCALES / f"{DOMAIN}.pot"


def extract():  # pragma: no cover - exercised through the catalog test
    """The template catalog: every msgid in the report code and templates, and the strings
    of the dataset manifest a report shows (`manifest_msgids`; needs Babel)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    catalog = Catalog(project="alignscope", domain=DOMAIN)
    roots = [(_HERE, ""), (_HERE.parent / "cli", "../cli/")]
    for root, prefix in roots:
        only = method_map if root == _HERE else [("assess.py", "python")]
        for filename, lineno, message, comments, context in extract_from_dir(
            root,
            only,
            options,
            keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
        ):
            catalog.add(
                message,
                None,
                [(prefix + filename, lineno)],
                auto_comments=comments,
                context=context,
            )
    # Babel reads no TOML: the dataset manifest's licences and prose versions are added here
    for message, lineno in manifest_msgids().items():
        catalog.add(message, None, [("../datasets/manifest.toml", lineno)])
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

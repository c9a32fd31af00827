"""Every indicator a dimension file can name: what it measures, where it comes from.

Three kinds, all evaluated by the engine (`assess.engine`) for every dyad at once:
  frame     an expression over the all-dyads frame (`assess.frame`), so it can be ranked
            against every dyad of the same year; `carry` says whether a source's last year
            may stand in after it ends (structural facts) or not (current events);
  triangle  an expression over the dyad's third state C and patron P (`measures.parties`),
            columns of alias `t`; NULL when there is no C (or no P);
  evidence  the balance of curated evidence records of one dimension over the five years
            ending with the year assessed, shrunk towards neutral (`engine.EVIDENCE_PRIOR`).
Labels are English msgids; reports translate them through the gettext catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import manifest


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    kind: str
    source: str
    expr: str = ""
    carry: bool = True


def _frame(name: str, label: str, source: str, expr: str | None = None,
           carry: bool = True) -> Indicator:
    return Indicator(name, label, "frame", source, expr or name, carry)


def _tri(name: str, label: str, source: str, expr: str) -> Indicator:
    return Indicator(name, label, "triangle", source, expr)


_C = "t.third is not null"
_P = "coalesce(t.patron, t.hub) is not null"

_ALL: list[Indicator] = [
    _frame("defence_pact", "Defence or offence obligation (ATOP)", "atop",
           "greatest(atop_defense, atop_offense)"),
    _frame("alliance_tie", "Strongest ATOP obligation (3 defence, 2 neutrality, 1 other)",
           "atop", "atop_tie"),
    _frame("alliance_similarity", "Alliance-portfolio similarity (S)", "atop"),
    _frame("common_rivals", "Common strategic rivals", "rivalries_tss"),
    _frame("common_allies", "Common defence allies (ATOP)", "atop"),
    _frame("common_patrons", "Common patrons (formal or informal)", "atop"),
    _frame("security_instruments", "Security agreements and dialogues in force", "agreements"),
    _frame("arms_transfers", "Arms transferred either way, ten-year stock (SIPRI TIV)",
           "arms_transfers", "arms_stock"),
    _frame("joint_exercises", "Joint military exercises that year (MME)", "exercises",
           "n_exercises", carry=False),
    _frame("rivalry", "Strategic rivalry between them", "rivalries_tss", "tss_rivalry"),
    _frame("mid_ongoing", "Militarised dispute that year", "mids", carry=False),
    _frame("trade_volume", "Bilateral trade", "trade_dyadic", "bilateral_trade"),
    _frame("interdependence", "Trade interdependence (Barbieri)", "trade_dyadic",
           "trade_interdependence"),
    _frame("trade_agreements", "Trade agreements in force (DESTA)", "desta",
           "desta_ptas_in_force"),
    _frame("economic_instruments", "Economic agreements and MOUs in force", "agreements"),
    _frame("joint_democracy", "Both democracies (V-Dem)", "democracy", "joint_democracy_vdem"),
    _frame("regime_distance", "Regime distance (polyarchy)", "democracy", "polyarchy_dist"),
    _frame("joint_democracy_years", "Years both democracies", "democracy"),
    _frame("un_distance", "UN ideal-point distance", "unga_idealpoints", "unga_ideal_dist"),
    _frame("igo_joint", "Shared IGO memberships", "igo_dyadic"),
    _frame("leader_instruments", "Leader-level declarations in force", "agreements"),
    _frame("diplomatic_level", "Diplomatic representation, mean of both sides (COW DE: "
           "3 ambassador … 0 none)", "diplomatic_exchange",
           "(case when de_level_12 = 9 then 1 else de_level_12 end + "
           "case when de_level_21 = 9 then 1 else de_level_21 end) / 2.0"),
    _frame("event_cooperation", "Share of cooperative events (ICEWS quad counts)",
           "icews_dyad_year", "icews_coop_share", carry=False),
    _frame("event_friendliness", "Share of days with net-positive events (GDELT)",
           "gdelt_dyad_month", "1 - gdelt_neg_share", carry=False),
    _frame("leader_visits", "Leader and foreign-minister visits that year (US, China)",
           "us_travels",
           "case when coalesce(us_president_visits, us_secretary_visits, leader_visits_to_us,"
           " chn_government_visits) is not null then coalesce(us_president_visits, 0) + "
           "coalesce(us_secretary_visits, 0) + coalesce(leader_visits_to_us, 0) + "
           "coalesce(chn_government_visits, 0) end", carry=False),
    _frame("hostile_history", "MID-years in the previous 30 years", "mids", "mid_history30"),
    _frame("force_history", "MID-years with use of force in the previous 30 years", "mids",
           "force_history30"),
    _frame("rivalry_history", "Years of strategic rivalry in the previous 50 years",
           "rivalries_tss", "rivalry_years50"),
    _frame("alliance_history", "Years allied (ATOP) in the previous 50 years", "atop",
           "alliance_years50"),
    _tri("third_common_rival", "Common rivalry with the third state", "rivalries_tss",
         f"case when {_C} then (t.rival_1_c = 1 and t.rival_2_c = 1)::int end"),
    _tri("third_hostility", "Both sides' MID-years with the third state (10 years)", "mids",
         f"case when {_C} then least(t.mid_years10_1_c, t.mid_years10_2_c) end"),
    _tri("third_exposure", "Largest trade dependence on the third state", "trade_dyadic",
         f"case when {_C} then greatest(t.share_1_c, t.share_2_c) end"),
    _tri("patron_commitment", "Patron's support for the less-backed side", "atop",
         f"case when {_P} then least(t.patron_support_1, t.patron_support_2) end"),
    _tri("shared_patron", "The patron backs both", "atop",
         f"case when {_P} then (t.patron_support_1 > 0 and t.patron_support_2 > 0)::int end"),
    _tri("patron_rival_third", "Patron in rivalry with the third state", "rivalries_tss",
         f"case when {_P} and {_C} then t.p_rival_c end"),
    *(
        Indicator(f"evidence_{d}", "Curated evidence balance", "evidence", "evidence")
        for d in ("I-1", "I-2", "I-3", "I-4", "I-5", "E-1", "E-2")
    ),
]

INDICATORS: dict[str, Indicator] = {
    i.name: i for i in _ALL if i.source in manifest() or i.source == "evidence"
}
"""Indicators whose source is shipped in this build, by name."""


def evidence_shipped() -> bool:
    return "evidence" in manifest()

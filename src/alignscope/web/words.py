"""The dashboard's own words in English and Traditional Chinese.

Type names, dimension names and everything an assessment says come from the report's
catalog (`report.i18n`), so the dashboard and the report use one vocabulary (默示性同盟 for
tacit alignment, as the translated article has it); these are the words around them.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "app": ("alignscope", "alignscope"),
    "world": ("World", "世界"),
    "compare": ("Compare", "比較"),
    "api": ("API", "API"),
    "search": ("State", "國家"),
    "search_hint": ("Name or code: TWN, 713, Taiwan, 台灣", "名稱或代碼：TWN、713、Taiwan、台灣"),
    "go": ("Go", "前往"),
    "year": ("Year", "年份"),
    "types": ("Tie types", "關係類型"),
    "region": ("Region", "地區"),
    "all_regions": ("All regions", "所有地區"),
    "show": ("Show", "顯示"),
    "world_title": ("Alignment network {year}", "{year} 年結盟網絡"),
    "world_lead": (
        "Every state of the system in {year}; lines are alignment ties coloured by type. "
        "Click a state for its ties, a line for the pair's assessment.",
        "{year} 年國際體系中的所有國家；線條為結盟關係，依類型著色。"
        "點選國家可看其關係，點選線條可看該雙邊的評估。",
    ),
    "states_n": ("{n} states", "{n} 個國家"),
    "ties_n": ("{n} ties", "{n} 條關係"),
    "blocs_n": ("{n} blocs", "{n} 個集團"),
    "blocs": ("Blocs", "集團"),
    "bloc": ("Bloc", "集團"),
    "brokers": ("Brokers", "中介國"),
    "isolated": ("States without alignment ties", "沒有結盟關係的國家"),
    "ties_of": ("Ties of {name} in {year}", "{name}在 {year} 年的關係"),
    "pick_state": ("Click a state to list its ties.", "點選國家以列出其關係。"),
    "no_ties": ("No alignment ties this year.", "本年沒有結盟關係。"),
    "open_state": ("All of its ties", "其所有關係"),
    "state_title": ("{name} in {year}", "{year} 年的{name}"),
    "codes": ("Codes", "代碼"),
    "membership": ("Member of the state system", "國際體系成員年份"),
    "partner": ("Partner", "對方"),
    "type": ("Type", "類型"),
    "assess_pair": ("Assess a pair", "評估雙邊關係"),
    "with": ("with", "與"),
    "dyad_title": ("{pair}, {year}", "{pair}，{year} 年"),
    "also": ("also", "另有"),
    "why": ("Why", "判定理由"),
    "rules_fired": ("Rules that fired", "成立的規則"),
    "rules_not": ("Rules that did not fire", "未成立的規則"),
    "dimensions": ("Seven dimensions", "七個面向"),
    "dimension": ("Dimension", "面向"),
    "score": ("Score (0–100)", "分數（0–100）"),
    "indicators": ("Indicators with data", "有資料的指標"),
    "triangle": ("Third state and patron", "第三國與庇護強權"),
    "third": ("Third state C", "第三國 C"),
    "patron": ("Patron P", "庇護強權 P"),
    "evidence": ("Evidence", "證據"),
    "evidence_none": ("No dated evidence on record for this pair.", "此雙邊沒有已記錄的日期證據。"),
    "agreements": ("Agreements", "協定"),
    "options": ("Options", "選項"),
    "option": ("Option", "選項"),
    "joint": ("Joint net gain", "雙方淨收益"),
    "p_feasible": ("P(feasible)", "可行機率"),
    "p_best": ("P(best)", "最佳機率"),
    "preferred": ("Preferred at the declared parameters: {name}", "在設定參數下的首選：{name}"),
    "history": ("History", "歷年變化"),
    "history_lead": (
        "Type per year; ► marks a change of type.",
        "每年的類型；► 表示類型改變。",
    ),
    "series": ("Dimension scores per year", "各面向歷年分數"),
    "movers": ("What moved between two years", "兩個年份之間的變動"),
    "movers_lead": (
        "The indicators whose scores moved most between {y1} and {y2}.",
        "{y1} 年至 {y2} 年間分數變動最大的指標。",
    ),
    "indicator": ("Indicator", "指標"),
    "change": ("Change", "變動"),
    "no_movers": ("No indicator moved.", "沒有指標變動。"),
    "full_report": ("Full report", "完整報告"),
    "compare_with": ("Compare", "比較"),
    "compare_title": ("Compare two dyads or two years", "比較兩組雙邊或兩個年份"),
    "first": ("First", "第一組"),
    "second": ("Second", "第二組"),
    "state_a": ("State A", "國家 A"),
    "state_b": ("State B", "國家 B"),
    "none": ("none", "無"),
    "error_title": ("Something is wrong with the request", "請求有誤"),
    "back": ("Back to the world view", "回到世界檢視"),
    "source_year": ("Latest source year: {year}", "最新資料年份：{year}"),
    "region_americas": ("Americas", "美洲"),
    "region_europe": ("Europe", "歐洲"),
    "region_africa": ("Africa", "非洲"),
    "region_middle_east": ("Middle East", "中東"),
    "region_asia": ("Asia", "亞洲"),
    "region_oceania": ("Oceania", "大洋洲"),
    "lang_other": ("中文", "English"),
    "footer": (
        "alignscope {version} · every number traces to a cited dataset row or source · "
        "local server, no network",
        "alignscope {version} · 每個數字皆可追溯至引用的資料列或來源 · 本機伺服器，不連網",
    ),
}


def words(lang: str) -> dict[str, str]:
    """The dashboard's words in `lang` ('en' or 'zh-TW')."""
    i = 1 if lang == "zh-TW" else 0
    return {key: pair[i] for key, pair in WORDS.items()}

"""``irlint related`` output: text for reading, JSON for tools, Markdown rows for a report's Related Incidents table."""

from __future__ import annotations

import json

from linter.related import Related, Suggestion
from linter.terminal import inert

#: The Related Incidents table of the CCADB Full report.
TABLE_HEADER = "| Bug | Date | Description |\n|-----|------|-------------|\n"


def as_dict(found: Related) -> dict:
    def suggestion(item: Suggestion) -> dict:
        return {"bug": item.bug_id, "ca": item.ca, "date": item.created, "title": item.title, "status": item.status,
                "score": round(item.score, 3), "share": round(item.share, 3), "strong": item.strong,
                "matched": list(item.matched)}

    return {"subject": found.subject, "ca": found.ca, "date": found.day.isoformat(), "years": found.years,
            "query": list(found.query), "full_text": found.full_text,
            "other_cas": [suggestion(item) for item in found.other_cas],
            "same_ca": [suggestion(item) for item in found.same_ca]}


def format_json(found: Related, base_url: str) -> str:
    return json.dumps(as_dict(found), indent=2, ensure_ascii=False) + "\n"


def format_text(found: Related, base_url: str) -> str:
    out = [f"Incidents like {inert(found.subject)}" + (f" ({inert(found.ca)})" if found.ca else "")
           + f", by the words: {inert(' '.join(found.query)) or '(none telling)'}"]
    groups = ((f"Other CAs, {found.years} years before {found.day.isoformat()}", found.other_cas),
              (f"{inert(found.ca) or 'The same CA'}: earlier incidents (a repeat?)", found.same_ca))
    for title, items in groups:
        out.append(f"\n{title}:")
        if not items:
            out.append("  none found")
        for item in items:
            mark = " strong" if item.strong else ""
            out.append(f"  bug {item.bug_id}  {item.created}  {inert(item.status or '?'):<10} "
                       f"{item.share:4.0%}{mark}  {inert(item.title)}")
            out.append(f"      {base_url}/show_bug.cgi?id={item.bug_id}  shares: {inert(' '.join(item.matched))}")
    return "\n".join(out) + "\n"


def format_markdown(found: Related, base_url: str) -> str:
    rows = "".join(f"| [{item.bug_id}]({base_url}/show_bug.cgi?id={item.bug_id}) | {item.created} | "
                   f"{_cell(item.title)}; shares: {_cell(', '.join(item.matched[:6]))} |\n"
                   for item in found.same_ca + found.other_cas)
    return "### Related Incidents\n\n" + TABLE_HEADER + rows


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


FORMATS = {"text": format_text, "json": format_json, "markdown": format_markdown}

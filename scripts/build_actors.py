"""Build src/newsledger/knowledge/actors.jsonl from the compact tables in scripts/actors/.

    python scripts/build_actors.py

countries.tsv gives each country's names and adjectives; every country gets its
government, military and police forces under the usual phrasings ("Iraqi army",
"the army of Iraq", "Iraq's security forces"). groups.jsonl adds international
organisations, non-state armed groups and generic actors by hand. The output is
committed, so running this is only needed after editing the tables.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent / "actors"
OUT = Path(__file__).resolve().parent.parent / "src" / "newsledger" / "knowledge" / "actors.jsonl"

# Institution -> (ACLED-style name template, kind, adjective phrasings, noun phrasings)
INSTITUTIONS = {
    "government": (
        "Government of {country}", "state forces",
        ["{adj} government", "{adj} authorities", "{adj} regime", "{adj} officials",
         "{adj} president", "{adj} prime minister", "{adj} foreign ministry",
         "{adj} ministry of foreign affairs", "{adj} foreign minister", "{adj} leader",
         "{adj} leadership", "{adj} cabinet", "{adj} state", "{adj} administration",
         "{adj} defence ministry", "{adj} defense ministry", "{adj} ministry of defence",
         "{adj} ministry of defense", "{adj} officials"],
        ["{name}", "{name} government", "government of {name}", "{name}'s government",
         "{name} authorities", "authorities in {name}", "{name}'s regime", "regime in {name}",
         "{name} officials", "president of {name}", "{name}'s president", "{name} president",
         "{name}'s leader", "{name}'s foreign ministry", "{name} foreign ministry"],
    ),
    "military": (
        "Military Forces of {country}", "state forces",
        ["{adj} army", "{adj} military", "{adj} troops", "{adj} soldiers", "{adj} forces",
         "{adj} armed forces", "{adj} air force", "{adj} navy", "{adj} warplanes", "{adj} jets",
         "{adj} fighter jets", "{adj} aircraft", "{adj} drones", "{adj} defence forces",
         "{adj} defense forces", "{adj} government forces", "{adj} government troops",
         "{adj} army units", "{adj} special forces", "{adj} marines", "{adj} artillery",
         "{adj} army general", "{adj} commandos", "{adj} national guard", "{adj} military forces",
         "{adj} land forces", "{adj} ground forces", "{adj} tanks", "{adj} warships"],
        ["{name}'s army", "army of {name}", "{name} army", "{name}'s military", "{name} military",
         "armed forces of {name}", "{name}'s armed forces", "{name} troops", "{name}'s troops",
         "{name} forces", "{name}'s forces", "forces of {name}"],
    ),
    "police": (
        "Police Forces of {country}", "state forces",
        ["{adj} police", "{adj} federal police", "{adj} national police", "{adj} riot police",
         "{adj} security forces", "{adj} security services", "{adj} border guards",
         "{adj} border police", "{adj} interior ministry", "{adj} ministry of interior",
         "{adj} ministry of the interior", "{adj} gendarmerie", "{adj} gendarmes",
         "{adj} intelligence", "{adj} intelligence services", "{adj} police officers",
         "{adj} policemen", "{adj} coast guard", "{adj} counter-terrorism forces",
         "{adj} counterterrorism forces", "{adj} law enforcement"],
        ["{name} police", "{name}'s police", "police of {name}", "{name} security forces",
         "{name}'s security forces", "security forces of {name}", "{name}'s interior ministry"],
    ),
}


def read_countries() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in (HERE / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, names, adjectives = line.split("\t")
        rows.append((iso, names.split("|"), adjectives.split("|")))
    return rows


def country_records(iso: str, names: list[str], adjectives: list[str]) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for key, (template, kind, adj_forms, name_forms) in INSTITUTIONS.items():
        aliases: list[str] = []
        for form in adj_forms:
            aliases += [form.format(adj=adj) for adj in adjectives]
        for form in name_forms:
            aliases += [form.format(name=name) for name in names]
        record: dict[str, object] = {
            "name": template.format(country=names[0]), "aliases": sorted(set(aliases)),
            "kind": kind, "country": iso, "institution": key,
        }
        if key == "government":
            record["country_words"] = names + adjectives
        records.append(record)
    return records


def group_records() -> list[dict[str, object]]:
    records = []
    for line in (HERE / "groups.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            records.append(json.loads(line))
    return records


def main() -> None:
    lines = ["# Generated by scripts/build_actors.py from scripts/actors/: edit those, then rerun.",
             "# Fields: name (canonical), aliases, kind (ACLED actor type), country (ISO 3166-1 alpha-2)."]
    for record in group_records():
        lines.append(json.dumps(record, ensure_ascii=False))
    for iso, names, adjectives in read_countries():
        for record in country_records(iso, names, adjectives):
            lines.append(json.dumps(record, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 2} actors to {OUT}")


if __name__ == "__main__":
    main()

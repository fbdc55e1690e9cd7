"""Write src/newsledger/eval/data/incidents/reports.jsonl: invented reports of invented incidents.

Every outlet, person and incident here is made up; places are real towns so the
gazetteer can resolve them. Each report carries the expected incident label
(``incident``; null for a one-off), the report it is a wire copy of
(``copy_of``), and a hand-coded ``gold`` mention used to score the grouping
independently of the extractors. Run: python scripts/ledger/build_incidents_corpus.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "src/newsledger/eval/data/incidents/reports.jsonl"

ZUBAIR = ("Zubair", 30.3892, 47.7018, "IQ")
NASIRIYAH = ("Nasiriyah", 31.0439, 46.2573, "IQ")
BASRA = ("Basra", 30.5085, 47.7804, "IQ")
BUKAMAL = ("Al-Bukamal", 34.4536, 40.9366, "SY")
MOSUL = ("Mosul", 36.335, 43.1189, "IQ")
AMMAN = ("Amman", 31.9552, 35.945, "JO")
KIRKUK = ("Kirkuk", 35.4681, 44.3922, "IQ")

WIRE_A = (
    "BASRA, Iraq — Gunmen attacked a police checkpoint in Zubair, south-west of Basra, on Sunday, "
    "killing three policemen, security officials said.\n\n"
    "The attackers opened fire from two cars on the checkpoint on the main road to the Safwan border "
    "crossing and fled, the officials said on condition of anonymity because they were not authorised "
    "to speak to the press.\n\n"
)
WIRE_B = (
    "NASIRIYAH, Iraq — More than 5,000 people protested in Nasiriyah on Tuesday against prolonged power "
    "cuts, blocking the main bridge over the Euphrates and burning tyres, witnesses said.\n\n"
    "Protesters chanted against the provincial government and demanded the dismissal of the local "
    "electricity director. Police fired tear gas to disperse the crowd, the witnesses said.\n\n"
)
WIRE_C = (
    "AL-BUKAMAL, Syria — Eight fighters were killed on Monday in a drone strike on two trucks near the "
    "Syrian border town of Al-Bukamal, a commander of the group told Tigris Wire by telephone.\n\n"
    "The commander, who gave his name only as Abu Zainab, said the trucks were carrying food supplies "
    "from the Iraqi side of the border and that nobody had warned them of the strike.\n\n"
)


Place = tuple[str, float, float, str]


def gold(type_: str, date: str, place: Place, actor: str | None = None,
         recipient: str | None = None, quantities: Any = (), precision: str = "day",
         source: str | None = None, named: str | None = None,
         status: str = "reported") -> dict[str, Any]:
    name, lat, lon, country = place
    return {"type": type_, "date": date, "precision": precision, "place": name, "lat": lat,
            "lon": lon, "country": country, "actor": actor, "recipient": recipient,
            "quantities": [list(q) for q in quantities], "source": source, "named": named,
            "status": status}


R: list[dict[str, Any]] = []


def report(rid: str, outlet: str, published: str, title: str, text: str,
           incident: str | None, g: dict[str, Any], copy_of: str | None = None) -> None:
    R.append({"id": rid, "outlet": outlet, "published": published, "title": title,
              "text": text.strip(), "incident": incident, "copy_of": copy_of, "gold": g})


# Incident A: the Zubair checkpoint attack, Sunday 1 March 2026 (3, 4, 5+, 6 dead; Sunday or Monday).
report("r01", "Tigris Wire", "2026-03-01", "Gunmen kill three policemen at checkpoint near Basra",
       WIRE_A + "No group has claimed responsibility for the attack. Police have closed the road and "
       "launched a search for the gunmen.", "A",
       gold("ASSAULT", "2026-03-01", ZUBAIR, "gunmen", "police",
            [("three policemen", 3, "people", "exact")], source="security officials", named="unnamed"))
report("r02", "Gulf Morning Herald", "2026-03-02", "Three police killed in Zubair checkpoint attack",
       WIRE_A + "No group immediately claimed responsibility for the attack. Police closed the road and "
       "launched a search for the gunmen, the officials added.", "A",
       gold("ASSAULT", "2026-03-01", ZUBAIR, "gunmen", "police",
            [("three policemen", 3, "people", "exact")], source="security officials", named="unnamed"),
       copy_of="r01")
report("r03", "Levant Ledger", "2026-03-02", "Checkpoint attack in southern Iraq",
       WIRE_A + "No group has claimed responsibility for the attack. Police have closed the road and "
       "launched a search for the gunmen.\n\nZubair, an oil town near the Kuwaiti border, has seen "
       "several attacks on security forces in recent months.", "A",
       gold("ASSAULT", "2026-03-01", ZUBAIR, "gunmen", "police",
            [("three policemen", 3, "people", "exact")], source="security officials", named="unnamed"),
       copy_of="r01")
report("r04", "Basra Daily Times", "2026-03-02", "Four officers die in Zubair ambush",
       "Four police officers were killed when gunmen attacked a checkpoint in Zubair on Sunday night, "
       "the Basra police spokesman, Captain Ali Mahdi, told Basra Daily Times.\n\n"
       "\"They came in two cars and fired at our men without warning,\" Mahdi said. He said a fifth "
       "officer was wounded and taken to hospital in Basra.\n\n"
       "The checkpoint guards the road from Zubair to the Safwan crossing.", "A",
       gold("ASSAULT", "2026-03-01", ZUBAIR, "gunmen", "police",
            [("Four police officers", 4, "people", "exact")], source="Ali Mahdi", named="named"))
report("r05", "Euphrates Post", "2026-03-02", "Toll in Zubair attack at least five",
       "At least five people were killed in an attack on a police checkpoint in Zubair early Monday, "
       "according to a medical source at the Zubair general hospital.\n\n"
       "The source, who asked not to be named, said the dead included four policemen and a civilian "
       "driver. It was not possible to independently verify the toll.", "A",
       gold("ASSAULT", "2026-03-02", ZUBAIR, None, "police",
            [("At least five people", 5, "people", "more_than")], source="a medical source",
            named="unnamed", status="unverified"))
report("r06", "Crescent Radio", "2026-03-03", "Zubair death toll rises to six",
       "The death toll from Sunday's attack on a police checkpoint in Zubair has risen to six, a "
       "hospital official said on Tuesday.\n\n"
       "Two of the wounded policemen died overnight, the official said. Iraqi security forces arrested "
       "two suspects in connection with the attack, the Interior Ministry said in a statement.", "A",
       gold("ASSAULT", "2026-03-01", ZUBAIR, None, "police",
            [("six", 6, "people", "exact")], source="a hospital official", named="unnamed"))

# Incident B: the Nasiriyah power-cut protest, Tuesday 3 March (5,000+, about 2,000, hundreds).
report("r07", "Tigris Wire", "2026-03-03", "Thousands protest power cuts in Nasiriyah",
       WIRE_B + "The protest was the largest in the city this year.", "B",
       gold("PROTEST", "2026-03-03", NASIRIYAH, "protesters", None,
            [("More than 5,000 people", 5000, "people", "more_than")], source="witnesses",
            named="unnamed"))
report("r08", "Gulf Morning Herald", "2026-03-04", "Iraqi protesters block Nasiriyah bridge",
       WIRE_B + "It was the largest protest in the city so far this year.", "B",
       gold("PROTEST", "2026-03-03", NASIRIYAH, "protesters", None,
            [("More than 5,000 people", 5000, "people", "more_than")], source="witnesses",
            named="unnamed"), copy_of="r07")
report("r09", "Euphrates Post", "2026-03-03", "Nasiriyah residents rally over electricity",
       "About 2,000 demonstrators gathered in Nasiriyah's Haboubi Square on Tuesday to protest against "
       "power cuts that have left homes without electricity for up to 14 hours a day.\n\n"
       "\"We cannot live like this,\" said Hassan Karim, a 34-year-old teacher who joined the protest. "
       "Local officials said the crowd dispersed peacefully by evening.", "B",
       gold("PROTEST", "2026-03-03", NASIRIYAH, "demonstrators", None,
            [("About 2,000 demonstrators", 2000, "people", "about")], source="Hassan Karim",
            named="named", status="asserted"))
report("r10", "Northern Star Iraq", "2026-03-04", "Council to meet ministry after protest",
       "Hundreds of protesters took to the streets of Nasiriyah on Tuesday over electricity shortages, "
       "a provincial council member, Salwa Naji, said.\n\n"
       "She said the council would meet officials of the electricity ministry in Baghdad next week.", "B",
       gold("PROTEST", "2026-03-03", NASIRIYAH, "protesters", None, [], source="Salwa Naji",
            named="named"))
report("r11", "Basra Daily Times", "2026-03-04", "South hit by power cuts",
       "In Nasiriyah, protesters angry over power cuts blocked a bridge on Tuesday, police said, as the "
       "electricity ministry struggles to meet demand across the south.\n\n"
       "In Basra, residents said they had power for only eight hours on Monday.", "B",
       gold("PROTEST", "2026-03-03", NASIRIYAH, "protesters", None, [], source="police",
            named="unnamed"))

# Incident G: oil workers' protest in Basra, also Tuesday 3 March (a different protest, 170 km away).
report("r12", "Basra Daily Times", "2026-03-03", "Oil workers demand permanent contracts",
       "Dozens of oil workers protested outside the headquarters of the Basra Oil Company in Basra on "
       "Tuesday, demanding permanent contracts.\n\n"
       "The protesters said they had worked on temporary contracts for more than ten years. A company "
       "spokesman, Ahmed Falih, said their demands would be studied.", "G",
       gold("PROTEST", "2026-03-03", BASRA, "oil workers", "Basra Oil Company", [],
            status="asserted"))
report("r13", "Crescent Radio", "2026-03-04", "Temporary oil workers rally in Basra",
       "Oil workers on temporary contracts rallied in front of the Basra Oil Company's headquarters in "
       "Basra on Tuesday, calling for permanent jobs, according to organisers.\n\n"
       "About 150 workers took part, one of the organisers said.", "G",
       gold("PROTEST", "2026-03-03", BASRA, "oil workers", "Basra Oil Company",
            [("About 150 workers", 150, "people", "about")], source="organisers", named="unnamed"))

# Incident C: the drone strike near Al-Bukamal, Monday 2 March (6, 7, 8 dead).
report("r14", "Tigris Wire", "2026-03-03", "Drone strike kills eight near Syrian border town",
       WIRE_C + "There was no immediate comment from any government.", "C",
       gold("ASSAULT", "2026-03-02", BUKAMAL, None, "fighters",
            [("Eight fighters", 8, "people", "exact")], source="Abu Zainab", named="partial"))
report("r15", "Crescent Radio", "2026-03-03", "Eight killed in drone strike in Syria",
       WIRE_C + "There was no immediate comment from any of the governments involved.", "C",
       gold("ASSAULT", "2026-03-02", BUKAMAL, None, "fighters",
            [("Eight fighters", 8, "people", "exact")], source="Abu Zainab", named="partial"),
       copy_of="r14")
report("r16", "Levant Ledger", "2026-03-02", "Drone hits trucks in eastern Syria",
       "A drone strike hit two trucks near Al-Bukamal in eastern Syria on Monday, killing six people, "
       "a local activist network said.\n\n"
       "The trucks were travelling on a desert road south of the town when they were struck, the "
       "network said. No party claimed the strike.", "C",
       gold("ASSAULT", "2026-03-02", BUKAMAL, None, None,
            [("six people", 6, "people", "exact")], source="a local activist network",
            named="unnamed"))
report("r17", "Orontes Monitor", "2026-03-02", "Seven militiamen killed by drone",
       "Seven fighters of a local militia were killed when a drone struck their vehicles near "
       "Al-Bukamal on Monday afternoon, the monitor's correspondents in Deir ez-Zor province reported.\n\n"
       "The identity of the drone's operator was not confirmed.", "C",
       gold("ASSAULT", "2026-03-02", BUKAMAL, None, "fighters",
            [("Seven fighters", 7, "people", "exact")], status="unverified"))

# Incident D: a roadside bomb in Mosul, also Sunday 1 March (same type and day as A, far away).
report("r18", "Northern Star Iraq", "2026-03-01", "Bomb wounds soldiers in Mosul",
       "Two soldiers were wounded when a roadside bomb exploded next to an army patrol in western "
       "Mosul on Sunday, the army said in a statement.\n\n"
       "The patrol was on the road to the Badush area when the device went off.", "D",
       gold("ASSAULT", "2026-03-01", MOSUL, None, "army patrol",
            [("Two soldiers", 2, "people", "exact")], source="the army", named="named"))
report("r19", "Tigris Wire", "2026-03-02", "Roadside bomb hits army patrol in Mosul",
       "MOSUL, Iraq — A roadside bomb wounded two Iraqi soldiers in western Mosul on Sunday, the "
       "military said, the first such attack in the city this year.\n\n"
       "Security forces sealed off the area after the explosion.", "D",
       gold("ASSAULT", "2026-03-01", MOSUL, None, "soldiers",
            [("two Iraqi soldiers", 2, "people", "exact")], source="the military", named="named"))

# Incident E: Iraqi and Jordanian foreign ministers meet in Amman, Wednesday 4 March.
report("r20", "Levant Ledger", "2026-03-04", "Iraq and Jordan discuss pipeline",
       "The foreign ministers of Iraq and Jordan met in Amman on Wednesday to discuss trade across their "
       "shared border and the planned oil pipeline from Basra to Aqaba, the Jordanian foreign ministry "
       "said.", "E",
       gold("CONSULT", "2026-03-04", AMMAN, "Iraq", "Jordan", [], source="the Jordanian foreign ministry",
            named="named"))
report("r21", "Tigris Wire", "2026-03-04", "Iraqi minister holds talks in Amman",
       "AMMAN — Iraq's foreign minister held talks with his Jordanian counterpart in Amman on Wednesday "
       "on border trade and energy cooperation, officials said.\n\n"
       "The two ministers agreed to meet again in Baghdad in April, the officials said.", "E",
       gold("CONSULT", "2026-03-04", AMMAN, "Iraq", "Jordan", [], source="officials", named="unnamed"))
report("r22", "Euphrates Post", "2026-03-05", "Baghdad and Amman talk trade",
       "Iraqi and Jordanian foreign ministers met in the Jordanian capital, Amman, on Wednesday, with "
       "border trade and the Basra-Aqaba pipeline on the agenda, a statement from the Iraqi foreign "
       "ministry said.", "E",
       gold("CONSULT", "2026-03-04", AMMAN, "Iraq", "Jordan", [], source="the Iraqi foreign ministry",
            named="named"))

# Incident F: teachers' protest in Nasiriyah, Thursday 12 March (same town as B, nine days later).
report("r23", "Euphrates Post", "2026-03-12", "Teachers protest unpaid salaries",
       "Hundreds of teachers protested in Nasiriyah on Thursday to demand unpaid salaries, blocking the "
       "road outside the education directorate.\n\n"
       "\"We have not been paid for three months,\" said one teacher, Zainab Abbas.", "F",
       gold("PROTEST", "2026-03-12", NASIRIYAH, "teachers", None, [], source="Zainab Abbas",
            named="named", status="asserted"))
report("r24", "Northern Star Iraq", "2026-03-13", "Teachers stage sit-in in Nasiriyah",
       "Teachers in Nasiriyah staged a sit-in outside the education directorate on Thursday over salary "
       "delays, the teachers' union said.\n\n"
       "About 300 teachers took part, the union said.", "F",
       gold("PROTEST", "2026-03-12", NASIRIYAH, "teachers", None,
            [("About 300 teachers", 300, "people", "about")], source="the teachers' union",
            named="named"))

# Hard distractors: same type and town as B one day later; same type and day as A 15 km away.
report("r27", "Euphrates Post", "2026-03-04", "Students protest exam timetable",
       "Several hundred university students protested in Nasiriyah on Wednesday against a new exam "
       "timetable, marching from the campus to the provincial education office.\n\n"
       "The university president, Dr. Kamil Hussein, said the timetable would be reviewed.", "H",
       gold("PROTEST", "2026-03-04", NASIRIYAH, "students", None, [], status="asserted"))
report("r28", "Basra Daily Times", "2026-03-02", "Grenade thrown at shop in central Basra",
       "A man was wounded when a grenade was thrown at a liquor shop in central Basra on Sunday, police "
       "said.\n\nThe shop had been targeted twice last year.", None,
       gold("ASSAULT", "2026-03-01", BASRA, None, "liquor shop", [("A man", 1, "people", "exact")],
            source="police", named="unnamed"))
report("r29", "Gulf Morning Herald", "2026-03-02", "Bomb hits Iraqi army patrol in Mosul",
       "MOSUL, Iraq (Tigris Wire) — A roadside bomb wounded two Iraqi soldiers in western Mosul on "
       "Sunday, the military said, the first such attack in the city this year.\n\n"
       "Security forces sealed off the area after the explosion.", "D",
       gold("ASSAULT", "2026-03-01", MOSUL, None, "soldiers",
            [("two Iraqi soldiers", 2, "people", "exact")], source="the military", named="named"),
       copy_of="r19")
report("r30", "Levant Ledger", "2026-03-05", "Students march in Nasiriyah",
       "University students in Nasiriyah marched on Wednesday to demand changes to their exam "
       "timetable, student organisers said.", "H",
       gold("PROTEST", "2026-03-04", NASIRIYAH, "students", None, [], source="student organisers",
            named="unnamed"))

# One-off reports: no other outlet reported them.
report("r25", "Northern Star Iraq", "2026-03-05", "Shop owner shot dead in Kirkuk",
       "Gunmen killed a local shop owner in central Kirkuk on Thursday, police said.\n\n"
       "The motive for the killing was not known.", None,
       gold("ASSAULT", "2026-03-05", KIRKUK, "gunmen", "shop owner",
            [("a local shop owner", 1, "people", "exact")], source="police", named="unnamed"))
report("r26", "Northern Star Iraq", "2026-03-06", "Army sends reinforcements to Kirkuk",
       "The Iraqi army deployed additional troops to the outskirts of Kirkuk on Friday after a series "
       "of attacks, a military spokesman said.", None,
       gold("MOBILIZE", "2026-03-06", KIRKUK, "Iraqi army", None, [], source="a military spokesman",
            named="unnamed"))


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    for r in R:
        for text, *_ in r["gold"]["quantities"]:
            assert text in r["text"], (r["id"], text)
    lines = [json.dumps(r, ensure_ascii=False) for r in R]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(R)} reports to {OUT}")


if __name__ == "__main__":
    main()

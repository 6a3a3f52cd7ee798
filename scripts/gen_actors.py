#!/usr/bin/env python3
"""Writes data/actors/countries.tsv (from npm world-countries) and, when the ACLED development CSV
is available, data/actors/groups_acled.tsv (group names seen in ACLED actor columns).

Usage: scripts/gen_actors.py [--countries FILE] [--acled-csv FILE] [--out DIR]

Only names (facts) are taken from the ACLED file: the CSV itself is never written to the repository.
The output is sorted, so re-running on the same inputs gives identical files.
"""
import argparse
import collections
import csv
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Forms news uses that world-countries lacks (kind, form). ISO3 codes are world-countries' cca3.
EXTRA = {
    "USA": [("name", "U.S."), ("name", "US"), ("name", "USA"), ("name", "U.S.A."), ("name", "America"),
            ("name", "United States"), ("name", "United States of America")],
    "GBR": [("name", "UK"), ("name", "U.K."), ("name", "Britain"), ("name", "Great Britain"),
            ("name", "United Kingdom"), ("name", "England"), ("name", "Scotland"), ("name", "Wales"),
            ("people", "Britons"), ("people", "Briton"), ("people", "Brits"), ("demonym", "English"),
            ("demonym", "Scottish"), ("demonym", "Welsh")],
    "RUS": [("name", "Russian Federation")],
    "IRN": [("name", "Persia"), ("demonym", "Persian")],
    "PRK": [("name", "DPRK"), ("name", "North Korea"), ("demonym", "North Korean"), ("people", "North Koreans")],
    "KOR": [("name", "South Korea"), ("name", "ROK"), ("demonym", "South Korean"), ("people", "South Koreans")],
    "COD": [("name", "DRC"), ("name", "DR Congo"), ("name", "Democratic Republic of Congo"),
            ("name", "Democratic Republic of the Congo"), ("name", "Congo-Kinshasa"), ("demonym", "Congolese")],
    "COG": [("name", "Republic of Congo"), ("name", "Congo-Brazzaville")],
    "CIV": [("name", "Ivory Coast"), ("name", "Cote d'Ivoire"), ("demonym", "Ivorian"), ("people", "Ivorians")],
    "MMR": [("name", "Burma"), ("demonym", "Burmese")],
    "PSE": [("name", "Palestinian Territories"), ("name", "Gaza"), ("name", "West Bank"),
            ("name", "Gaza Strip"), ("demonym", "Palestinian"), ("people", "Palestinians")],
    "SYR": [("name", "Syrian Arab Republic")],
    "ARE": [("name", "UAE"), ("name", "U.A.E."), ("name", "Emirates"), ("demonym", "Emirati"), ("people", "Emiratis")],
    "SAU": [("name", "KSA"), ("demonym", "Saudi"), ("people", "Saudis")],
    "AFG": [("people", "Afghans")],
    "PHL": [("demonym", "Filipino"), ("people", "Filipinos")],
    "NLD": [("name", "Holland"), ("demonym", "Dutch")],
    "CZE": [("name", "Czech Republic")],
    "TUR": [("name", "Turkiye"), ("name", "Türkiye")],
    "VAT": [("name", "Holy See"), ("name", "Vatican")],
    "SWZ": [("name", "Swaziland")],
    "MKD": [("name", "Macedonia")],
    "CPV": [("name", "Cape Verde")],
    "TLS": [("name", "East Timor")],
    "NZL": [("demonym", "Kiwi")],
    "YEM": [("demonym", "Yemeni"), ("people", "Yemenis")],
    "ISR": [("people", "Israelis")],
    "LBN": [("demonym", "Lebanese")],
    "SDN": [("demonym", "Sudanese")],
    "SSD": [("demonym", "South Sudanese")],
    "BGD": [("demonym", "Bangladeshi"), ("people", "Bangladeshis")],
    "CAF": [("name", "CAR"), ("demonym", "Central African"), ("people", "Central Africans")],
    "BFA": [("demonym", "Burkinabe"), ("demonym", "Burkinabé")],
}
# Capitals that news uses as metonyms for a government ("Washington said") beyond world-countries'.
EXTRA_CAPITALS = {"USA": ["Washington"], "RUS": ["Kremlin"], "ISR": ["Jerusalem", "Tel Aviv"], "PSE": ["Ramallah"], "NGA": ["Abuja"],
                  "TUR": ["Ankara"], "CHN": ["Beijing"], "KOR": ["Seoul"]}
# world-countries' codes replaced by the CAMEO/PLOVER convention.
CODE_FIXES = {"UNK": "KOS"}
# Demonyms that are everyday words or belong to another country in news use.
SKIP = {"Islander", "Island", "Virgin Islander", "Guinean", "Dominican"}


def plural(demonym):
    """English plural of a people name; None where the adjective is also the plural noun."""
    if re.search(r"(ese|ss|sh|ch|ench|ish)$", demonym) or demonym.endswith("i") and False:
        return None
    if demonym.endswith("s"):
        return None
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


def countries(path):
    data = json.load(open(path, encoding="utf-8"))
    rows = set()
    for c in data:
        iso3 = CODE_FIXES.get(c["cca3"], c["cca3"])
        iso2 = c["cca2"]
        forms = [("name", c["name"]["common"]), ("name", c["name"]["official"])]
        for alt in c.get("altSpellings", []):
            if len(alt) > 3 and re.fullmatch(r"[A-Za-z .'\-]+", alt):
                forms.append(("name", alt))
        dem = c.get("demonyms", {}).get("eng", {})
        for d in {dem.get("m", ""), dem.get("f", "")}:
            if d and d not in SKIP:
                forms.append(("demonym", d))
                p = plural(d)
                if p:
                    forms.append(("people", p))
        for cap in c.get("capital", []):
            if re.fullmatch(r"[A-Za-z .'\-]+", cap):
                forms.append(("capital", cap))
        for cap in EXTRA_CAPITALS.get(iso3, []):
            forms.append(("capital", cap))
        forms += EXTRA.get(iso3, [])
        for kind, form in forms:
            rows.add((iso3, iso2, kind, form.strip()))
    return sorted(rows)


STATE_FORCE = re.compile(r"^(Military|Police) Forces of (.+?) \(\d{4}-(\d{4})?\)")
SECTOR_BY_INTER = {"1": "MIL", "2": "REB", "3": "REB", "4": "REB", "5": "CVL", "6": "CVL", "7": "CVL", "8": "IGO"}


def group_sector(name, inter):
    n = name.lower()
    if re.search(r"\b(union|workers|labou?r|trade|confederation|federation of .*workers)\b", n):
        return "LAB"
    if re.search(r"\bjournalists?\b", n):
        return "MED"
    if re.search(r"\b(party|congress|league|front|movement|alliance)\b", n) and inter in ("5", "6", "7", ""):
        return "PTY"
    if re.search(r"\b(cartel|gang|mara|command)\b", n):
        return "CRM"
    return SECTOR_BY_INTER.get(inter, "")


def acled_groups(path):
    """Names of organised groups from ACLED actor columns -> (code, country, sector, name, aliases)."""
    seen = collections.defaultdict(lambda: [collections.Counter(), collections.Counter()])
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for col, inter in (("actor1", r["inter1"]), ("actor2", r["inter2"]),
                               ("assoc_actor_1", ""), ("assoc_actor_2", "")):
                for a in r[col].split("; "):
                    a = a.strip()
                    if not a or "(" in a or a.startswith("Unidentified") or a.startswith("Operation "):
                        continue
                    seen[a][0][r["iso3"]] += 1
                    seen[a][1][inter] += 1
    out = []
    for name, (isos, inters) in sorted(seen.items()):
        iso3 = isos.most_common(1)[0][0]
        inter = next((i for i, _ in inters.most_common() if i), "")
        sector = group_sector(name, inter)
        if not sector or sector == "IGO":
            continue
        aliases = []
        m = re.match(r"^([^:]{2,20}): (.+)$", name)
        full = m.group(2) if m else name
        if m:
            for abbr in m.group(1).split("/"):
                if len(abbr) >= 3 or (len(abbr) >= 2 and abbr.isupper()):
                    aliases.append(abbr)
        aliases.append(full)
        # "X Movement"/"X Party" are often written without the suffix ("Hamas Movement" -> "Hamas").
        short = re.sub(r" (Movement|Party|Militia|Group|Gang)$", "", full)
        if short != full and len(short) > 3:
            aliases.append(short)
        code = iso3 + sector
        out.append((code, iso3, sector, full, "|".join(dict.fromkeys(aliases))))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--countries", default=os.path.join(ROOT, "data", "node_modules", "world-countries",
                                                        "countries.json"))
    ap.add_argument("--acled-csv", default=os.path.join(ROOT, "..", "shared", "data", "acled-2020-05",
                                                        "acled-2020-05-01_09.csv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "actors"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = countries(args.countries)
    with open(os.path.join(args.out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# iso3\tiso2\tkind\tform  (kind: name|demonym|people|capital; generated by "
                "scripts/gen_actors.py from npm world-countries, ODbL)\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"countries.tsv: {len(rows)} forms")
    if os.path.exists(args.acled_csv):
        groups = acled_groups(args.acled_csv)
        with open(os.path.join(args.out, "groups_acled.tsv"), "w", encoding="utf-8") as f:
            f.write("# code\tcountry\tsectors\tname\taliases  (group names from ACLED actor columns, "
                    "generated by scripts/gen_actors.py; see README.md)\n")
            for g in groups:
                f.write("\t".join(g) + "\n")
        print(f"groups_acled.tsv: {len(groups)} groups")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes data/ontology/{cameo,plover,cameo_plover}.tsv from the references in ../shared/reference.

Usage: scripts/gen_ontology.py [--reference DIR] [--out DIR] [--acled-csv FILE]

The output is deterministic, so re-running it on the same references gives identical files.
acled_types.tsv and acled_map.tsv are maintained by hand (they encode project decisions); when an
ACLED CSV is given, the script checks that every (event_type, sub_event_type) pair in it is listed
in acled_types.tsv.
"""
import argparse
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# CAMEO root (cue category) names, from the CAMEO codebook (facts).
ROOT_NAMES = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation",
    "07": "Provide aid", "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove",
    "12": "Reject", "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
    "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
    "20": "Use unconventional mass violence",
}
# CAMEO 01 and 02 were dropped by PLOVER, so CAMEO2PLOVER-2021.txt has no names for them.
STATEMENT_APPEAL_NAMES = {
    "010": "Make statement", "011": "Decline comment", "012": "Make pessimistic comment",
    "013": "Make optimistic comment", "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility", "016": "Deny responsibility",
    "017": "Engage in symbolic act", "018": "Make empathetic comment",
    "019": "Express accord", "020": "Make an appeal or request",
    "021": "Appeal for material cooperation", "0211": "Appeal for economic cooperation",
    "0212": "Appeal for military cooperation", "0213": "Appeal for judicial cooperation",
    "0214": "Appeal for intelligence", "022": "Appeal for diplomatic cooperation",
    "023": "Appeal for aid", "0231": "Appeal for economic aid", "0232": "Appeal for military aid",
    "0233": "Appeal for humanitarian aid", "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform", "0241": "Appeal for change in leadership",
    "0242": "Appeal for policy change", "0243": "Appeal for rights",
    "0244": "Appeal for change in institutions, regime", "025": "Appeal to yield",
    "0251": "Appeal for easing of administrative sanctions",
    "0252": "Appeal for easing of popular dissent",
    "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement",
    "026": "Appeal to others to meet or negotiate", "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
}

PLOVER_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}

# Modes that CAMEO2PLOVER-2021.txt uses but the manual's mode tables do not list (draft leftovers,
# or contexts written in the mode column). Each is mapped to the manual's mode for that event type
# ("" = no mode). CAMEO 195 "Employ aerial weapons" is ASSAULT/aerial, not heavy-weapons.
MODE_FIXES = {
    ("ASSAULT", "assassinate"): "targeted", ("ASSAULT", "massacre"): "targeted",
    ("ASSAULT", "cleansing"): "", ("ASSAULT", "pro_autocracy"): "", ("ASSAULT", "seize"): "destroy",
    ("RETREAT", "return"): "release", ("RETREAT", "ease"): "",
    ("THREATEN", "ban"): "restrict", ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
}
CODE_MODE_FIXES = {"195": "aerial"}
# 175 is a repression event: keep its intended context.
CODE_CONTEXT_FIXES = {"175": ["pro_autocracy", "military"]}


def parse_modes(tex):
    """Reads the '<EVENT> modes' tables of the PLOVER manual: {event: [(mode, description)]}."""
    modes = {}
    for m in re.finditer(r"\\caption\{(?:\\plcat\{)?([A-Z]+)\}? modes[^\n]*\n(.*?)\\end\{tabular\}",
                         tex, re.S):
        event, body = m.group(1), m.group(2)
        rows = []
        for line in body.split("\n"):
            line = line.strip()
            if not line or line.startswith("%") or line.startswith("\\") or line.startswith("&"):
                continue
            if "&" not in line:
                continue
            name, desc = line.split("&", 1)
            name = name.strip()
            if name == "Name" or not re.fullmatch(r"[a-z][a-z-]*", name):
                continue
            desc = re.sub(r"\\txt\{([^}]*)\}|\\textit\{([^}]*)\}|\\plcon\{([^}]*)\}",
                          lambda g: next(x for x in g.groups() if x is not None), desc)
            desc = desc.replace("\\\\", "").replace("---", " - ").replace("``", '"').replace("''", '"')
            desc = re.sub(r"\s+", " ", desc).strip().rstrip("\\").strip()
            rows.append((name, desc))
        modes[event] = rows
    # REJECT shares REQUEST's modes; the manual repeats the table, keep both.
    return modes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "ontology"))
    ap.add_argument("--acled-csv", default=None)
    args = ap.parse_args()
    ref = args.reference

    goldstein = {}
    with open(os.path.join(ref, "cameo", "goldstein.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            goldstein[row["cameo_code"]] = float(row["goldstein"])

    tex = open(os.path.join(ref, "plover", "PLOVER_MANUAL.tex"), encoding="utf-8").read()
    modes = parse_modes(tex)
    missing = [e for e in PLOVER_QUAD if e not in modes and e not in ("AGREE", "SUPPORT", "CONCEDE",
                                                                     "COOPERATE", "AID")]
    if missing:
        sys.exit(f"PLOVER manual: no mode table for {missing}")

    mapping = {}  # code -> (event, mode, [contexts], name)
    for line in open(os.path.join(ref, "plover", "CAMEO2PLOVER-2021.txt"), encoding="utf-8"):
        m = re.match(r"(\d+):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.group(1), m.group(2)
        name = ""
        if "#" in rest:
            rest, name = rest.split("#", 1)
            name = re.sub(r"\s+\d\d\.\d\d\.\d\d:.*$", "", name).strip()
        fields = [x.strip() for x in rest.split(",")]
        event = fields[0]
        if event not in PLOVER_QUAD:
            continue
        mode = fields[1] if len(fields) > 1 else ""
        contexts = [c.strip() for c in fields[2].split(";")] if len(fields) > 2 else []
        contexts = [c for c in contexts if c]
        mode = MODE_FIXES.get((event, mode), mode)
        mode = CODE_MODE_FIXES.get(code, mode)
        contexts = CODE_CONTEXT_FIXES.get(code, contexts)
        if mode and event in modes and mode not in [x for x, _ in modes[event]]:
            sys.exit(f"CAMEO2PLOVER {code}: mode {mode!r} is not a {event} mode in the manual")
        if len(code) == 2:
            name = ROOT_NAMES[code]
        if code in mapping and len(code) == 2:
            continue  # "08: CONCEDE" and "08: RETREAT": the root keeps its first (verbal) reading
        mapping[code] = (event, mode, contexts, name)

    codes = sorted(set(goldstein) | set(mapping), key=lambda c: (c[:2], c))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "cameo.tsv"), "w") as f:
        f.write("# code\tname\tgoldstein\tquad_class  (generated by scripts/gen_ontology.py)\n")
        for code in codes:
            name = mapping.get(code, (None, None, None, ""))[3] or STATEMENT_APPEAL_NAMES.get(code) \
                or ROOT_NAMES.get(code, "")
            if not name:
                sys.exit(f"no name for CAMEO {code}")
            g = goldstein.get(code)
            if g is None:  # 1213/1214 are missing from the GDELT table: inherit the parent's weight
                g = goldstein[code[:3]]
            root = int(code[:2])
            quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
            f.write(f"{code}\t{name}\t{g:g}\t{quad}\n")
    with open(os.path.join(args.out, "cameo_plover.tsv"), "w") as f:
        f.write("# cameo_code\tplover_event\tplover_mode\tplover_context (';'-separated)  "
                "(generated by scripts/gen_ontology.py)\n")
        for code in codes:
            if code in mapping:
                e, mo, ctx, _ = mapping[code]
                f.write(f"{code}\t{e}\t{mo}\t{';'.join(ctx)}\n")
    with open(os.path.join(args.out, "plover.tsv"), "w") as f:
        f.write("# event\tquad_class\tmode\tdescription  (one line per mode; mode empty for an "
                "event without modes; generated by scripts/gen_ontology.py)\n")
        for event, quad in PLOVER_QUAD.items():
            rows = modes.get(event, [])
            if not rows:
                f.write(f"{event}\t{quad}\t\t\n")
            for mode, desc in rows:
                f.write(f"{event}\t{quad}\t{mode}\t{desc}\n")

    if args.acled_csv:
        known = set()
        for line in open(os.path.join(args.out, "acled_types.tsv")):
            if line.startswith("#") or not line.strip():
                continue
            t, s = line.rstrip("\n").split("\t")[:2]
            known.add((t, s))
        seen = set()
        with open(args.acled_csv, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                seen.add((row["event_type"], row["sub_event_type"]))
        unknown = seen - known
        if unknown:
            sys.exit(f"ACLED types not in acled_types.tsv: {sorted(unknown)}")
        print(f"acled_types.tsv covers all {len(seen)} type pairs in {args.acled_csv}")
    print(f"wrote {len(codes)} CAMEO codes, {len(mapping)} PLOVER mappings to {args.out}")


if __name__ == "__main__":
    main()

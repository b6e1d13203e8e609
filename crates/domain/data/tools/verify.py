#!/usr/bin/env python3
"""Checks the nomenclature tables written by gen_codes.py and gen_calibres.py: TSV shape, alias
uniqueness (as the brief compares and as the Rust resolver folds), type codes, curated calibres and
a few resolutions the project relies on. Exit status 1 on any error."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_calibres import CURATED, SHARED_KEYS, calibre_key, strip_diacritics  # noqa: E402

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TYPE_CODES = ["pistol", "revolver", "rifle", "shotgun", "submachine_gun", "machine_gun", "light_weapon",
              "other_firearm"]
HEADERS = {
    "firearm_types.tsv": "code\ten\tes\tfr\tsdg_class\taliases",
    "criminal_contexts.tsv": "code\ten\tes\tfr\taliases",
    "roles.tsv": "code\ten\tes\tfr\taliases",
    "conveyances.tsv": "code\ten\tes\tfr\taliases",
    "actions.tsv": "code\ten\tes\tfr\taliases",
    "event_kinds.tsv": "code\ten\tes\tfr\taliases",
    "calibres.tsv": "id\tname\tcategory\tdiameter_mm\taliases\ttypes",
}
CODES = {
    "criminal_contexts.tsv": ["illicit_trafficking", "illicit_possession", "illicit_manufacturing",
                              "violent_crime", "drug_trafficking", "organized_crime", "terrorism", "other"],
    "roles.tsv": ["suspect", "owner", "buyer", "seller", "courier", "witness"],
    "conveyances.tsv": ["land", "sea", "air", "postal"],
    "actions.tsv": ["semi_automatic", "automatic", "bolt_action", "lever_action", "pump_action",
                    "break_action", "single_shot", "revolver_double_action", "revolver_single_action",
                    "other"],
    "event_kinds.tsv": ["manufactured", "exported", "imported", "transferred", "registered",
                        "reported_lost", "reported_stolen", "seized", "found", "surrendered", "recovered",
                        "deactivated", "destroyed"],
    "firearm_types.tsv": TYPE_CODES,
}
errors, notes = [], []


def fold_key(s):
    """Python twin of `fold_key` in src/nomenclature/text.rs."""
    out = []
    chars = list(s)
    for i, c in enumerate(chars):
        m = strip_diacritics(c).lower() if strip_diacritics(c) != c else ""
        if m:
            out.append(m)
        elif c.isalnum():
            out.append(c.lower())
        elif c in "'’`´":
            continue
        elif c in "&+":
            out.append(c)
        elif c in ".,/" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            out.append("." if c == "," else c)
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def norm(s):
    return " ".join(s.split()).casefold()


def read(name):
    path = os.path.join(DATA, name)
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{name}: not UTF-8 ({e})")
        return []
    if text.startswith("\ufeff"):
        errors.append(f"{name}: starts with a BOM")
    if "\r" in text:
        errors.append(f"{name}: carriage return")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != HEADERS[name]:
        errors.append(f"{name}: header {lines[0] if lines else None!r}")
        return []
    width = HEADERS[name].count("\t") + 1
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != width:
            errors.append(f"{name}:{n}: {len(cells)} cells, expected {width}")
            continue
        if line == HEADERS[name]:
            errors.append(f"{name}:{n}: second header line")
        for c in cells:
            if c != c.strip():
                errors.append(f"{name}:{n}: cell with outer spaces {c!r}")
            if len(c) > 1 and c.startswith('"') and c.endswith('"'):
                errors.append(f"{name}:{n}: quoted cell {c!r}")
        for a in cells[HEADERS[name].split("\t").index("aliases")].split("|"):
            if a != a.strip() or (not a and cells[HEADERS[name].split("\t").index("aliases")]):
                errors.append(f"{name}:{n}: empty or padded alias {a!r}")
        rows.append(cells)
    return rows


def unique(name, entries, keyf, label, fatal=True, allow=()):
    """entries: (entry id, [written forms]); a key may not belong to two entries."""
    owner = {}
    for eid, forms in entries:
        for f in forms:
            k = keyf(f)
            if not k:
                continue
            if k in owner and owner[k][0] != eid and k not in allow:
                msg = f"{name}: {label} {k!r} of {f!r} on {owner[k][0]} ({owner[k][1]!r}) and {eid}"
                (errors if fatal else notes).append(msg)
            owner.setdefault(k, (eid, f))


def literal_once(name, entries):
    seen = {}
    for eid, forms in entries:
        for f in forms:
            k = f.casefold()
            if k in seen:
                errors.append(f"{name}: alias {f!r} written twice ({seen[k]} and {eid})")
            seen[k] = eid


def check_codes():
    for name, codes in CODES.items():
        rows = read(name)
        got = [r[0] for r in rows]
        if got != codes:
            errors.append(f"{name}: codes {got} != {codes}")
        entries, alias_only = [], []
        for r in rows:
            labels = [r[0].replace("_", " "), r[1], r[2], r[3]]
            aliases = [a for a in r[-1].split("|") if a]
            entries.append((r[0], labels + aliases))
            alias_only.append((r[0], aliases))
            if not all(r[1:4]):
                errors.append(f"{name}: {r[0]} lacks a label")
            if name == "firearm_types.tsv":
                want = "light_weapon" if r[0] == "light_weapon" else "small_arm"
                if r[4] != want:
                    errors.append(f"{name}: {r[0]} sdg_class {r[4]!r}, expected {want}")
                if not 15 <= len(aliases) <= 40:
                    errors.append(f"{name}: {r[0]} has {len(aliases)} aliases (15-40 wanted)")
        literal_once(name, alias_only)
        unique(name, entries, norm, "alias")
        # The resolver folds hyphens (types) or hyphens and underscores (code lists) to spaces.
        unique(name, entries, lambda s: fold_key(s.replace("-", " ").replace("_", " ")), "folded key")
        notes.append(f"{name}: {len(rows)} entries, {sum(len(a) for _, a in alias_only)} aliases")


def check_calibres():
    name = "calibres.tsv"
    rows = read(name)
    ids = [r[0] for r in rows]
    if len(set(ids)) != len(ids):
        errors.append(f"{name}: duplicate ids")
    required = ("22lr 22short 22wmr 17hmr 25acp 32acp 32sw 32swl 38sw 380acp 9x19 9x18 9x21 762x25 "
                "763mauser 38spl 357mag 38super 40sw 10mm 45acp 45colt 44mag 357sig 57x28 46x30 50ae "
                "556x45 762x39 762x51 762x54r 545x39 3006 303brit 792x57 75x54 765x53 65x55 65creedmoor "
                "243win 270win 300winmag 338lapua 22250 3030win 58x42 300blk 127x108 50bmg 145x114 10ga "
                "12ga 16ga 20ga 28ga 410 9pak 8mmblank 380blank 6mmflobert 4mmflobert 40x46 pg7 60mortar "
                "82mortar").split()
    n_cur = len(CURATED)
    cur_ids = ids[:n_cur]
    missing = [i for i in required if i not in cur_ids]
    if missing:
        errors.append(f"{name}: curated ids missing {missing}")
    if cur_ids[:len(required)] != required:
        notes.append(f"{name}: required curated ids not in the brief's order (fine, all present)")
    if n_cur < 60:
        errors.append(f"{name}: only {n_cur} curated entries")
    for r in rows:
        if r[2] not in ("pistol", "rifle", "rimfire", "shotshell", "blank", "grenade"):
            errors.append(f"{name}: {r[0]} category {r[2]!r}")
        if r[3]:
            try:
                float(r[3])
            except ValueError:
                errors.append(f"{name}: {r[0]} diameter {r[3]!r}")
        types = r[5].split("|")
        bad = [t for t in types if t not in TYPE_CODES]
        if bad or not r[5]:
            errors.append(f"{name}: {r[0]} types {r[5]!r}")
        if len(set(types)) != len(types):
            errors.append(f"{name}: {r[0]} repeats a type")
    entries = [(r[0], [r[1]] + [a for a in r[4].split("|") if a]) for r in rows]
    literal_once(name, [(r[0], [a for a in r[4].split("|") if a]) for r in rows])
    unique(name, entries, norm, "alias")
    unique(name, entries, lambda s: re.sub(r"\s+", "", s.casefold()).lstrip("."), "dotless key")
    unique(name, entries, calibre_key, "resolver key", allow=SHARED_KEYS)
    notes.append(f"{name}: {len(rows)} entries ({n_cur} curated, {len(rows) - n_cur} from cartridges.csv), "
                 f"{sum(len(e[1]) - 1 for e in entries)} aliases")
    return rows


CAL_EXPECT = {
    "9x19": ["9mm", "9 mm", "9", "9x19", "9×19mm", "9mm Para", "9 mm Para", "9 mm Parabellum", "9mm Luger",
             "9mm NATO", "9 Para", "9mm P", "9x19mm Parabellum", "9×19"],
    "12ga": ["12/70", "12/76", "cal. 12", "12 ga", "12GA", "12G", "12 bore", "calibre 12", "12 gauge", "12"],
    "556x45": [".223 Remington", ".223", "223", "5.56", "5.56mm", "5,56", "5.56×45mm NATO"],
    "762x51": [".308 Winchester", ".308", "308", "7.62 NATO", "7.62×51mm"],
    "380acp": [".380 ACP", "9×17mm", "9mm Kurz", "9mm Short", "9mm Browning Court", ".380 Auto", ".380", "380"],
    "32acp": [".32 ACP", "7.65×17mm", "7.65mm Browning", ".32 Auto", ".32", "32", "7.65", "7.65mm", "7,65"],
    "45acp": [".45 ACP", "11.43×23mm", ".45 Auto", ".45", "45"],
    "40sw": [".40 S&W", "10×22mm", ".40", "40"],
    "3006": [".30-06 Springfield", "7.62×63mm", "30-06"],
    "22lr": [".22 LR", "5.6mm LR", ".22 Long Rifle", ".22", "22"],
    "410": [".410 bore", "36 gauge", "12mm shot", ".410", "410"],
    "38spl": [".38 Special", ".38 S&W Special", ".38 Spl", ".38", "38"],
    "762x54r": ["7.62×54mmR", "7.62 Russian", "7.62x54"],
    "762x25": ["7.62×25", "7.62 Tokarev", "7.62 TT"],
    "9x18": ["9×18", "9mm Makarov", "9 Mak"],
    "545x39": ["5.45×39", "5.45 Soviet", "5.45"],
    "9pak": ["9mm P.A.K.", "9mm R.K.", "9mm Knall", "9mm blank"],
    "357mag": [".357", "357"], "20ga": ["20"], "16ga": ["16"], "44mag": [".44"], "25acp": [".25"],
    "50bmg": [".50"], "127x108": ["12.7x108", "12.7mm"], "57x28": ["5.7x28"], "65x52carcano": ["6.5x52"],
    "762x39": ["7,62 x 39", "7.62x39mm", "7.62 M43", "7.62 Soviet", "762x39", "7,62x39", "7.62", "7.62mm"],
}
TYPE_EXPECT = {
    "pistol": ["pistola", "pistolet", "handgun", "semi-automatic pistol", "self-loading pistol", "automatic pistol",
               "pistola semiautomática", "Pistol"],
    "revolver": ["revólver", "rev.", "revolver"],
    "rifle": ["carbine", "assault rifle", "long gun", "fusil", "fusil d'assaut", "carabina", "rifle de asalto"],
    "shotgun": ["escopeta", "fusil de chasse", "shot gun", "scattergun", "pump-action shotgun", "riot gun"],
    "submachine_gun": ["SMG", "sub-machine gun", "machine pistol", "subfusil", "pistola ametralladora",
                       "pistolet-mitrailleur", "metralleta"],
    "machine_gun": ["LMG", "GPMG", "HMG", "MG", "ametralladora", "mitrailleuse", "fusil-mitrailleur"],
    "light_weapon": ["grenade launcher", "lance-grenades", "lanzagranadas", "RPG", "rocket launcher", "mortar",
                     "mortero", "mortier"],
    "other_firearm": ["zip gun", "other"],
}
CODE_EXPECT = {
    "criminal_contexts.tsv": {"illicit_trafficking": ["trafficking", "smuggling", "contrabando", "tráfico ilícito",
                                                      "trafic illicite"],
                              "violent_crime": ["homicide", "robbery", "armed robbery", "murder", "homicidio",
                                                "robo", "violent crime"],
                              "drug_trafficking": ["narcotráfico", "trafic de stupéfiants"],
                              "organized_crime": ["crime organisé", "crimen organizado"],
                              "terrorism": ["terrorisme", "terrorismo"],
                              "illicit_possession": ["illegal possession", "tenencia ilegal", "détention illégale"],
                              "illicit_manufacturing": ["fabricación ilícita", "fabrication illicite"]},
    "conveyances.tsv": {"land": ["road", "car", "truck", "bus", "rail", "vehicle", "terrestre", "routier"],
                        "sea": ["vessel", "boat", "ship", "container", "maritime", "marítimo"],
                        "air": ["aircraft", "flight", "plane", "air cargo", "aéreo"],
                        "postal": ["parcel", "mail", "post", "courier service", "express mail", "colis", "postal"]},
    "event_kinds.tsv": {"reported_lost": ["lost", "perdida", "perdue"],
                        "reported_stolen": ["stolen", "robada", "volée"],
                        "seized": ["incautada", "decomisada", "saisie"], "found": ["trouvée"],
                        "surrendered": ["remise", "entregada"], "destroyed": ["destruida", "détruite"],
                        "manufactured": ["manufacture", "fabricada"], "exported": ["exportada"],
                        "imported": ["importada"], "transferred": ["transferida"], "registered": ["registrada"]},
    "roles.tsv": {"courier": ["courier"], "suspect": ["suspect"]},
}


def index_codes(name, hyphen_only):
    idx = {}
    for r in read(name):
        for f in [r[0].replace("_", " "), r[1], r[2], r[3]] + [a for a in r[-1].split("|") if a]:
            f = f.replace("-", " ") if hyphen_only else f.replace("-", " ").replace("_", " ")
            idx[fold_key(f)] = r[0]
    return idx


def check_resolutions(cal_rows):
    cal = {}
    for r in cal_rows:
        for f in [r[1]] + [a for a in r[4].split("|") if a]:
            cal.setdefault(calibre_key(f), set()).add(r[0])
    for cid, inputs in CAL_EXPECT.items():
        for x in inputs:
            got = cal.get(calibre_key(x))
            if got != {cid} and not (calibre_key(x) in SHARED_KEYS and cid in (got or ())):
                errors.append(f"calibre {x!r} (key {calibre_key(x)!r}) resolves to {got}, expected {cid}")
    types = index_codes("firearm_types.tsv", True)
    for code, inputs in TYPE_EXPECT.items():
        for x in inputs:
            if types.get(fold_key(x.replace("-", " "))) != code:
                errors.append(f"type {x!r} resolves to {types.get(fold_key(x))}, expected {code}")
    for name, table in CODE_EXPECT.items():
        idx = index_codes(name, False)
        for code, inputs in table.items():
            for x in inputs:
                got = idx.get(fold_key(x.replace("-", " ").replace("_", " ")))
                if got != code:
                    errors.append(f"{name}: {x!r} resolves to {got}, expected {code}")


def main():
    check_codes()
    rows = check_calibres()
    check_resolutions(rows)
    for n in notes:
        print("note:", n)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Mutate a roster at random and ask both checkers: they must agree.

    python3 Tests/tools/differential_check.py INSTANCE.json ROSTER.json \
        [--payback .build/debug/payback] [--cases 200] [--seed 1]

Each case applies 1-3 random edits to ROSTER (add or drop a person or a supervisor,
add a session with random people, drop a session, swap two people between sessions),
states the objective that independent_check.py recomputes, and runs both
independent_check.py and `payback check`. The two must agree on validity and on the
exact set of hard rules broken (H1-H13). Duplicate session entries are never made:
the contract says a duplicate breaks H1 but not how its bookings count, so the two
checkers may differ there without either being wrong.

Prints the disagreements (at most 5 in full) and a summary; exit 0 when none, 1 otherwise.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "independent_check.py")


def mutate(roster, instance, rng):
    people = [p["id"] for p in instance["people"]]
    sups = [s["id"] for s in instance["supervisors"]]
    sessions = [s["id"] for p in instance["projects"] for s in p["sessions"]]
    ss = roster["sessions"]
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(7)
        if op == 4:
            sid = rng.choice(sessions)
            if not any(e["session"] == sid for e in ss):
                ss.append({
                    "session": sid,
                    "supervisors": [rng.choice(sups)] if sups and rng.random() < 0.5 else [],
                    "people": rng.sample(people, min(len(people), rng.randint(1, 4))),
                })
            continue
        if not ss:
            continue
        e = rng.choice(ss)
        e.setdefault("people", [])
        e.setdefault("supervisors", [])
        if op == 0:
            e["people"].append(rng.choice(people))
        elif op == 1 and e["people"]:
            e["people"].pop(rng.randrange(len(e["people"])))
        elif op == 2 and sups:
            e["supervisors"].append(rng.choice(sups))
        elif op == 3 and e["supervisors"]:
            e["supervisors"].pop(rng.randrange(len(e["supervisors"])))
        elif op == 5:
            ss.remove(e)
        elif op == 6:
            other = rng.choice(ss)
            other.setdefault("people", [])
            if e["people"] and other["people"]:
                i, j = rng.randrange(len(e["people"])), rng.randrange(len(other["people"]))
                e["people"][i], other["people"][j] = other["people"][j], e["people"][i]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("instance")
    ap.add_argument("roster")
    ap.add_argument("--payback", default=os.path.join(HERE, "..", "..", ".build", "debug", "payback"))
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with open(args.instance) as f:
        instance = json.load(f)
    with open(args.roster) as f:
        base = json.load(f)
    rng = random.Random(args.seed)
    counts = {"valid": 0, "invalid": 0, "disagree": 0}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "roster.json")
        for k in range(args.cases):
            roster = json.loads(json.dumps(base))
            roster.pop("bound", None)
            mutate(roster, instance, rng)
            with open(path, "w") as f:
                json.dump(roster, f)
            py = subprocess.run([sys.executable, CHECK, args.instance, path], capture_output=True, text=True)
            found = re.search(r"objective=(\S+)", py.stdout)
            if py.returncode == 2 or not found:
                print(f"case {k}: independent_check.py failed: {py.stderr.strip()}")
                return 1
            roster["objective"] = float(found.group(1))
            with open(path, "w") as f:
                json.dump(roster, f)
            py = subprocess.run([sys.executable, CHECK, args.instance, path], capture_output=True, text=True)
            sw = subprocess.run([args.payback, "check", args.instance, path], capture_output=True, text=True)
            py_rules = sorted({line.split(":")[0] for line in py.stdout.splitlines() if re.match(r"H\d+:", line)})
            sw_rules = sorted(set(re.findall(r"\bH\d+\b", sw.stdout + sw.stderr)))
            if (py.returncode == 0) != (sw.returncode == 0) or py_rules != sw_rules:
                counts["disagree"] += 1
                if counts["disagree"] <= 5:
                    print(f"case {k}: python exit {py.returncode} {py_rules}, payback exit {sw.returncode} {sw_rules}")
                    print(json.dumps(roster)[:2000])
                    print(py.stdout[-1500:])
                    print(sw.stdout[-1500:], sw.stderr[-500:])
            else:
                counts["valid" if py.returncode == 0 else "invalid"] += 1
    print(f"cases={args.cases} agree_valid={counts['valid']} agree_invalid={counts['invalid']} disagree={counts['disagree']}")
    return 0 if counts["disagree"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""An independent check of a weekly roster, written from the contract alone.

    python3 Tests/tools/independent_check.py INSTANCE.json ROSTER.json
    python3 Tests/tools/independent_check.py --self-test

Reads a `payback-instance/1` instance and a `payback-roster/1` roster, checks the
hard rules H1-H13 and recomputes the objective exactly as the contract
(docs/contract.md) words them. This file was written from the contract's text
only, without reading the Swift code, so that it is a second reading of the
contract: when it and the Swift checker disagree, one of the two misread it.

Output and exit status:
- valid, and the roster's stated `objective` equals the recomputed one within
  1e-6 relative:  prints `OK objective=<recomputed>` and exits 0;
- otherwise: prints one line per problem, tagged with the rule
  (`H5: session PARK-sat books 7 people, over its capacity 6`, `OBJECTIVE: ...`,
  `BOUND: ...`, `FORMAT: ...`), then `FAIL problems=<n> objective=<recomputed>`,
  and exits 1;
- a file that cannot be read or is not JSON of the right shape: a message on
  standard error and exit 2.

`--self-test` runs the checker on the fixtures in Tests/tools/fixtures (a valid
and an invalid roster of instances/tiny.json; see
fixtures/tiny-rosters.md for the hand computation) and exits 0 when both give
the expected answers.

Standard library only.
"""
import json
import math
import os
import sys
from datetime import date, timedelta

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RELATIVE_TOLERANCE = 1e-6

# The `defaults` of an instance, as the contract gives them.
DEFAULTS = {
    "min_hours_per_week": 7,
    "max_hours_per_week": 21,
    "people_per_supervisor": 8,
    "min_attendance": 2,
    "pace_weight": 10,
}


class BadInput(Exception):
    """The files cannot be checked at all (unreadable, not JSON, wrong shape)."""


def load_json(path):
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8-sig"))
    except OSError as e:
        raise BadInput(f"{path}: cannot read the file ({e.strerror})")
    except (ValueError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: not valid JSON ({e})")


def parse_date(text, where):
    if not isinstance(text, str):
        raise BadInput(f"{where}: expected a date YYYY-MM-DD, found {text!r}")
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{where}: {text!r} is not a date YYYY-MM-DD")


def fmt(v):
    """A number as people write it: 7, 6.5, 597.833333333."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, float):
        return repr(round(v, 9))
    return str(v)


def number(obj, key, where, default=None):
    v = obj.get(key, default) if isinstance(obj, dict) else default
    if v is None and default is None:
        raise BadInput(f"{where}.{key}: missing")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise BadInput(f"{where}.{key}: expected a number, found {v!r}")
    return float(v)


def str_list(obj, key, where):
    v = obj.get(key, [])
    if v is None:
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise BadInput(f"{where}.{key}: expected a list of strings")
    return v


class Week:
    """The instance, read into plain dictionaries with the contract's defaults applied."""

    def __init__(self, doc, source="instance"):
        if not isinstance(doc, dict):
            raise BadInput(f"{source}: the instance is not a JSON object")
        if doc.get("format") != "payback-instance/1":
            raise BadInput(f"{source}: format is {doc.get('format')!r}, not 'payback-instance/1'")
        self.name = doc.get("name")
        self.week_start = parse_date(doc.get("week_start"), "week_start")
        d = dict(DEFAULTS)
        for k, v in (doc.get("defaults") or {}).items():
            if k in d and v is not None:
                d[k] = v
        self.defaults = d
        self.projects = {}
        self.sessions = {}  # session id -> dict with its project
        for pi, p in enumerate(doc.get("projects") or []):
            where = f"projects[{pi}]"
            if not isinstance(p, dict) or not isinstance(p.get("id"), str):
                raise BadInput(f"{where}: a project needs an id")
            kind = p.get("kind")
            if kind not in ("group", "individual", "ete"):
                raise BadInput(f"{where}.kind: {kind!r} is not group, individual or ete")
            proj = {
                "id": p["id"],
                "kind": kind,
                "area": p.get("area"),
                "involves": str_list(p, "involves", where),
                "requires_skills": str_list(p, "requires_skills", where),
                "supervisor_requires": str_list(p, "supervisor_requires", where),
                "women_only": p.get("women_only") is True,
                "people_per_supervisor": int(p.get("people_per_supervisor") or d["people_per_supervisor"]),
                "min_attendance": int(p.get("min_attendance") or d["min_attendance"]),
            }
            self.projects[p["id"]] = proj
            for si, s in enumerate(p.get("sessions") or []):
                swhere = f"{where}.sessions[{si}]"
                if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                    raise BadInput(f"{swhere}: a session needs an id")
                self.sessions[s["id"]] = {
                    "id": s["id"],
                    "project": proj,
                    "date": parse_date(s.get("date"), f"{swhere}.date"),
                    "hours": number(s, "hours", swhere),
                    "capacity": int(number(s, "capacity", swhere)),
                }
        self.supervisors = {}
        for i, s in enumerate(doc.get("supervisors") or []):
            where = f"supervisors[{i}]"
            if not isinstance(s, dict) or not isinstance(s.get("id"), str):
                raise BadInput(f"{where}: a supervisor needs an id")
            self.supervisors[s["id"]] = {
                "id": s["id"],
                "areas": str_list(s, "areas", where),
                "available": str_list(s, "available", where),
                "unavailable_dates": {parse_date(x, f"{where}.unavailable_dates") for x in str_list(s, "unavailable_dates", where)},
                "max_sessions": int(number(s, "max_sessions", where)),
                "qualifications": str_list(s, "qualifications", where),
            }
        self.people = {}
        self.people_order = []
        for i, p in enumerate(doc.get("people") or []):
            where = f"people[{i}]"
            if not isinstance(p, dict) or not isinstance(p.get("id"), str):
                raise BadInput(f"{where}: a person needs an id")
            deadline = p.get("deadline")
            start = p.get("start_date")
            self.people[p["id"]] = {
                "id": p["id"],
                "sex": p.get("sex") or "male",
                "risk": p.get("risk"),
                "hours_remaining": number(p, "hours_remaining", where),
                "ete_hours_remaining": number(p, "ete_hours_remaining", where, default=0),
                "deadline": None if deadline is None else parse_date(deadline, f"{where}.deadline"),
                "start_date": None if start is None else parse_date(start, f"{where}.start_date"),
                "available": str_list(p, "available", where),
                "unavailable_dates": {parse_date(x, f"{where}.unavailable_dates") for x in str_list(p, "unavailable_dates", where)},
                "areas": str_list(p, "areas", where),
                "skills": str_list(p, "skills", where),
                "unsuitable_for": str_list(p, "unsuitable_for", where),
                "keep_apart": str_list(p, "keep_apart", where),
                "min_hours_per_week": number(p, "min_hours_per_week", where, default=d["min_hours_per_week"]),
                "max_hours_per_week": number(p, "max_hours_per_week", where, default=d["max_hours_per_week"]),
            }
            self.people_order.append(p["id"])
        self.pins = []
        for i, pin in enumerate(doc.get("pins") or []):
            if not isinstance(pin, dict):
                raise BadInput(f"pins[{i}]: expected an object")
            self.pins.append((pin.get("person"), pin.get("session")))

    def target(self, person):
        """The weekly pace target of the contract's objective."""
        r = person["hours_remaining"]
        if person["deadline"] is None:
            pace = 0.0
        else:
            days = (person["deadline"] - self.week_start).days
            weeks_left = max(1, 1 + math.floor(days / 7))
            pace = r / weeks_left
        return min(r, person["max_hours_per_week"], max(person["min_hours_per_week"], pace))


def weekday(d):
    return WEEKDAYS[d.weekday()]


def check(week, roster):
    """Returns (problems, recomputed objective). Problems are strings tagged with their rule."""
    problems = []

    def fail(rule, text):
        problems.append(f"{rule}: {text}")

    if not isinstance(roster, dict):
        raise BadInput("the roster is not a JSON object")
    if roster.get("format") != "payback-roster/1":
        fail("FORMAT", f"format is {roster.get('format')!r}, not 'payback-roster/1'")
    if roster.get("instance") != week.name:
        fail("FORMAT", f"the roster is for instance {roster.get('instance')!r}, not {week.name!r}")
    if roster.get("week_start") != week.week_start.isoformat():
        fail("FORMAT", f"the roster's week_start {roster.get('week_start')!r} is not the instance's {week.week_start.isoformat()}")
    entries = roster.get("sessions")
    if not isinstance(entries, list):
        raise BadInput("the roster has no list of sessions")

    # Read the bookings; H1 on the way.
    booked = []  # (session dict, [supervisor ids], [person ids]) for sessions that exist
    seen_sessions = set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict):
            fail("FORMAT", f"sessions[{i}] is not an object")
            continue
        sid = e.get("session")
        sups = e.get("supervisors", [])
        ppl = e.get("people", [])
        if not isinstance(sups, list) or not all(isinstance(x, str) for x in sups):
            fail("FORMAT", f"sessions[{i}].supervisors is not a list of ids")
            sups = [x for x in sups if isinstance(x, str)] if isinstance(sups, list) else []
        if not isinstance(ppl, list) or not all(isinstance(x, str) for x in ppl):
            fail("FORMAT", f"sessions[{i}].people is not a list of ids")
            ppl = [x for x in ppl if isinstance(x, str)] if isinstance(ppl, list) else []
        if sid not in week.sessions:
            fail("H1", f"sessions[{i}] names an unknown session {sid!r}")
            continue
        if sid in seen_sessions:
            fail("H1", f"session {sid} appears more than once")
            continue
        seen_sessions.add(sid)
        good_sups = []
        for s in sups:
            if s not in week.supervisors:
                fail("H1", f"session {sid} names an unknown supervisor {s!r}")
            elif s in good_sups:
                fail("H1", f"supervisor {s} appears twice in session {sid}")
            else:
                good_sups.append(s)
        good_people = []
        for p in ppl:
            if p not in week.people:
                fail("H1", f"session {sid} names an unknown person {p!r}")
            elif p in good_people:
                fail("H1", f"person {p} appears twice in session {sid}")
            else:
                good_people.append(p)
        booked.append((week.sessions[sid], good_sups, good_people))

    # Each person's and supervisor's bookings.
    person_bookings = {pid: [] for pid in week.people}
    supervisor_bookings = {sid: [] for sid in week.supervisors}
    for session, sups, ppl in booked:
        for p in ppl:
            person_bookings[p].append(session)
        for s in sups:
            supervisor_bookings[s].append(session)

    # H2: one session a day.
    for pid, sessions in person_bookings.items():
        by_date = {}
        for s in sessions:
            by_date.setdefault(s["date"], []).append(s["id"])
        for d, ids in sorted(by_date.items()):
            if len(ids) > 1:
                fail("H2", f"person {pid} is booked on {len(ids)} sessions on {d}: {', '.join(ids)}")
    for supid, sessions in supervisor_bookings.items():
        by_date = {}
        for s in sessions:
            by_date.setdefault(s["date"], []).append(s["id"])
        for d, ids in sorted(by_date.items()):
            if len(ids) > 1:
                fail("H2", f"supervisor {supid} is assigned to {len(ids)} sessions on {d}: {', '.join(ids)}")

    # H3, H4: each booking on its own.
    for session, sups, ppl in booked:
        proj = session["project"]
        d = session["date"]
        for pid in ppl:
            p = week.people[pid]
            where = f"{pid} on {session['id']}"
            if weekday(d) not in p["available"]:
                fail("H3", f"{where}: {d} is a {weekday(d)}, not one of their available days {p['available']}")
            if d in p["unavailable_dates"]:
                fail("H3", f"{where}: {d} is one of their unavailable dates")
            if p["start_date"] is not None and d < p["start_date"]:
                fail("H3", f"{where}: {d} is before their start date {p['start_date']}")
            if p["deadline"] is not None and d > p["deadline"]:
                fail("H3", f"{where}: {d} is after their deadline {p['deadline']}")
            if proj["area"] not in p["areas"]:
                fail("H4", f"{where}: the project's area {proj['area']} is not in their areas {p['areas']}")
            for skill in proj["requires_skills"]:
                if skill not in p["skills"]:
                    fail("H4", f"{where}: lacks the required skill {skill!r}")
            for inv in proj["involves"]:
                if inv in p["unsuitable_for"]:
                    fail("H4", f"{where}: the work involves {inv!r}, for which they are unsuitable")
            if proj["women_only"] and p["sex"] != "female":
                fail("H4", f"{where}: a women-only project books a {p['sex']}")
            if proj["kind"] == "individual" and p["risk"] != "low":
                fail("H4", f"{where}: an individual placement books a {p['risk']}-risk person")

    # H5: capacity.
    for session, sups, ppl in booked:
        if len(ppl) > session["capacity"]:
            fail("H5", f"session {session['id']} books {len(ppl)} people, over its capacity {session['capacity']}")

    # H6 and H7: each person's week.
    for pid, sessions in person_bookings.items():
        p = week.people[pid]
        total = sum(s["hours"] for s in sessions)
        if total > p["max_hours_per_week"]:
            fail("H6", f"person {pid} is booked {fmt(total)} hours, over their weekly maximum {fmt(p['max_hours_per_week'])}")
        ete = sum(s["hours"] for s in sessions if s["project"]["kind"] == "ete")
        if ete > p["ete_hours_remaining"]:
            fail("H6", f"person {pid} is booked {fmt(ete)} ete hours, over their ete hours remaining {fmt(p['ete_hours_remaining'])}")
        for s in sessions:
            earlier = sum(o["hours"] for o in sessions if o["date"] < s["date"])
            if not earlier < p["hours_remaining"]:
                fail("H7", f"person {pid} on {s['id']}: {fmt(earlier)} hours booked on earlier dates already reach their {fmt(p['hours_remaining'])} hours remaining")

    # H8, H10, H11: staffing and the make-up of each session.
    for session, sups, ppl in booked:
        proj = session["project"]
        sid = session["id"]
        n = len(ppl)
        if proj["kind"] == "group" and n > 0:
            if n < proj["min_attendance"]:
                fail("H8", f"group session {sid} books {n} people, under its minimum attendance {proj['min_attendance']}")
            need = max(1, math.ceil(n / proj["people_per_supervisor"]))
            if len(sups) < need:
                fail("H8", f"group session {sid} books {n} people with {len(sups)} supervisors; it needs at least {need}")
        elif sups:
            why = "nobody is booked" if n == 0 else f"it is an {proj['kind']} session"
            fail("H8", f"session {sid} has supervisors {sups} but {why}")
        if proj["kind"] == "group":
            if any(week.people[p]["risk"] == "high" for p in ppl):
                if not any("high_risk" in week.supervisors[s]["qualifications"] for s in sups):
                    fail("H10", f"group session {sid} books a high-risk person without a supervisor qualified 'high_risk'")
            if not proj["women_only"]:
                women = sum(1 for p in ppl if week.people[p]["sex"] == "female")
                if not (women == 0 or women >= 2 or women == n):
                    fail("H11", f"group session {sid} books {women} woman among {n} people")

    # H9: supervisors.
    for supid, sessions in supervisor_bookings.items():
        s = week.supervisors[supid]
        for session in sessions:
            proj = session["project"]
            d = session["date"]
            where = f"supervisor {supid} on {session['id']}"
            if proj["area"] not in s["areas"]:
                fail("H9", f"{where}: the project's area {proj['area']} is not in their areas {s['areas']}")
            if weekday(d) not in s["available"]:
                fail("H9", f"{where}: {d} is a {weekday(d)}, not one of their available days {s['available']}")
            if d in s["unavailable_dates"]:
                fail("H9", f"{where}: {d} is one of their unavailable dates")
            for q in proj["supervisor_requires"]:
                if q not in s["qualifications"]:
                    fail("H9", f"{where}: lacks the qualification {q!r} the project requires")
        if len(sessions) > s["max_sessions"]:
            fail("H9", f"supervisor {supid} is assigned {len(sessions)} sessions, over their maximum {s['max_sessions']}")

    # H12: keep apart.
    for session, sups, ppl in booked:
        for i, a in enumerate(ppl):
            for b in ppl[i + 1:]:
                if b in week.people[a]["keep_apart"] or a in week.people[b]["keep_apart"]:
                    fail("H12", f"{a} and {b} must be kept apart but are both on {session['id']}")

    # H13: pins.
    on_session = {session["id"]: set(ppl) for session, _, ppl in booked}
    for person, sid in week.pins:
        if person not in on_session.get(sid, set()):
            fail("H13", f"{person} is pinned on {sid} but not booked there")

    # The objective.
    pace_weight = float(week.defaults["pace_weight"])
    parts = []
    for pid in week.people_order:
        p = week.people[pid]
        hours = sum(s["hours"] for s in person_bookings[pid])
        credited = min(hours, p["hours_remaining"])
        parts.append(pace_weight * min(credited, week.target(p)) + credited)
    objective = math.fsum(parts)

    stated = roster.get("objective")
    if isinstance(stated, bool) or not isinstance(stated, (int, float)):
        fail("FORMAT", f"the roster's objective {stated!r} is not a number")
    elif abs(stated - objective) > RELATIVE_TOLERANCE * max(1.0, abs(objective)):
        fail("OBJECTIVE", f"the roster states {fmt(float(stated))}, the recomputed objective is {fmt(objective)}")
    bound = roster.get("bound")
    if bound is not None:
        if isinstance(bound, bool) or not isinstance(bound, (int, float)):
            fail("FORMAT", f"the roster's bound {bound!r} is not a number")
        elif bound < objective - RELATIVE_TOLERANCE * max(1.0, abs(objective)):
            fail("BOUND", f"the stated bound {fmt(float(bound))} is below this roster's own objective {fmt(objective)}")
    order = {"FORMAT": 0, "OBJECTIVE": 14, "BOUND": 15}
    problems.sort(key=lambda line: order.get(line.split(":")[0]) or int(line.split(":")[0][1:]))
    return problems, objective


def run(instance_path, roster_path, out=sys.stdout):
    week = Week(load_json(instance_path), instance_path)
    problems, objective = check(week, load_json(roster_path))
    if not problems:
        print(f"OK objective={fmt(objective)}", file=out)
        return 0
    for line in problems:
        print(line, file=out)
    print(f"FAIL problems={len(problems)} objective={fmt(objective)}", file=out)
    return 1


def self_test():
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(here, "fixtures")
    tiny = os.path.join(here, "..", "..", "instances", "tiny.json")
    if not os.path.exists(tiny):
        tiny = os.path.join(here, "..", "..", "..", "shared", "spec", "examples", "tiny.json")
    week = Week(load_json(tiny), tiny)
    ok = True

    problems, objective = check(week, load_json(os.path.join(fixtures, "tiny-valid-roster.json")))
    expected = 597 + 5 / 6
    if problems or abs(objective - expected) > 1e-9:
        print(f"self-test: the valid roster gave {problems} objective={objective}, expected none and {expected}")
        ok = False

    problems, _ = check(week, load_json(os.path.join(fixtures, "tiny-invalid-roster.json")))
    with open(os.path.join(fixtures, "tiny-invalid-expected.txt")) as f:
        want = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    if problems != want:
        ok = False
        print("self-test: the invalid roster's problems differ from tiny-invalid-expected.txt")
        for line in problems:
            print(("  " if line in want else "+ ") + line)
        for line in want:
            if line not in problems:
                print("- " + line)
    print("self-test: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv):
    if argv == ["--self-test"]:
        try:
            return self_test()
        except BadInput as e:
            print(str(e), file=sys.stderr)
            return 2
    if len(argv) != 2 or argv[0].startswith("-"):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return run(argv[0], argv[1])
    except BadInput as e:
        print(str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Connected regional weeks made from the contract alone, not from the Swift generator.

    python3 Tests/tools/independent_week.py --people 2000 --seed 3 --out week.json

Issue 11 asks that the scheduler's targets hold on weeks "generated independently of your
generator". This file shares no code, parameters or shapes with `payback generate`: towns are
points scattered over a county and each borders its nearest neighbours (not a ring), people
live in a town and a share can reach one or two bordering towns, supervisors cover their own
town and a share cover bordering ones, and the mix of projects, sessions, orders and
availability is drawn from its own distributions (documented beside each draw). Standard
library only; the same seed gives the same bytes.
"""

import argparse
import datetime
import json
import math
import random
import sys

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def towns_of(rng, count):
    """Points in a unit square; each town borders its 2-3 nearest, then components are joined."""
    points = [(rng.random(), rng.random()) for _ in range(count)]
    neighbours = [set() for _ in range(count)]

    def dist(a, b):
        return math.hypot(points[a][0] - points[b][0], points[a][1] - points[b][1])

    for a in range(count):
        k = rng.choice([2, 2, 3])
        nearest = sorted((b for b in range(count) if b != a), key=lambda b: dist(a, b))[:k]
        for b in nearest:
            neighbours[a].add(b)
            neighbours[b].add(a)
    # Join components by their closest pair, so the region is one connected county.
    while True:
        seen, stack = {0}, [0]
        while stack:
            for b in neighbours[stack.pop()]:
                if b not in seen:
                    seen.add(b)
                    stack.append(b)
        if len(seen) == count:
            break
        rest = [b for b in range(count) if b not in seen]
        a, b = min(((a, b) for a in seen for b in rest), key=lambda p: dist(*p))
        neighbours[a].add(b)
        neighbours[b].add(a)
    return [sorted(n) for n in neighbours]


def days_of(rng, weights):
    """A set of weekdays: each day kept with its own probability, at least one."""
    days = [d for d, w in zip(WEEKDAYS, weights) if rng.random() < w]
    return days or [rng.choice(WEEKDAYS[:5])]


def make_week(people_count, seed, capacity_ratio):
    rng = random.Random(seed * 7919 + 17)
    monday = datetime.date(2027, 1, 4) + datetime.timedelta(weeks=rng.randrange(0, 40))
    dates = [monday + datetime.timedelta(days=i) for i in range(7)]
    town_count = max(2, round(people_count / 140))
    names = [f"T{t:02d}" for t in range(town_count)]
    borders = towns_of(rng, town_count)
    # Towns differ in size (a county town and villages): people shared by a Pareto-like weight.
    weight = [rng.paretovariate(1.6) for _ in range(town_count)]
    total_weight = sum(weight)

    people = []
    home_of = []
    for i in range(people_count):
        r = rng.random() * total_weight
        home = 0
        while r > weight[home] and home < town_count - 1:
            r -= weight[home]
            home += 1
        home_of.append(home)
        areas = [names[home]]
        # About 30% can reach a bordering town, a few of them two.
        if rng.random() < 0.3 and borders[home]:
            reach = rng.sample(borders[home], min(len(borders[home]), rng.choice([1, 1, 2])))
            areas += [names[t] for t in reach]
        ordered = rng.choice([40, 60, 80, 100, 120, 150, 200, 240, 300])
        done = rng.random() * 0.9
        remaining = max(0.25, round(ordered * (1 - done) * 4) / 4)
        female = rng.random() < 0.16
        risk = rng.choices(["low", "medium", "high"], [0.55, 0.35, 0.10])[0]
        person = {
            "id": f"X{i:05d}",
            "sex": "female" if female else "male",
            "risk": risk,
            "hours_remaining": remaining,
            # Working people offer evenings-free weekends; others weekdays.
            "available": days_of(
                rng,
                [0.55, 0.55, 0.55, 0.55, 0.5, 0.45, 0.3] if rng.random() < 0.6 else [0.15, 0.15, 0.15, 0.15, 0.2, 0.85, 0.7],
            ),
            "areas": areas,
        }
        if rng.random() < 0.25:
            person["ete_hours_remaining"] = min(remaining, rng.choice([7.5, 15, 30, 45]))
        if rng.random() < 0.7:
            person["deadline"] = str(monday + datetime.timedelta(days=rng.randrange(3, 400)))
        if rng.random() < 0.05:
            person["start_date"] = str(dates[rng.randrange(1, 7)])
        if rng.random() < 0.08:
            person["unavailable_dates"] = [str(rng.choice(dates))]
        if rng.random() < 0.2:
            person["skills"] = rng.sample(["painting", "gardening", "carpentry", "catering"], rng.choice([1, 2]))
        if rng.random() < 0.12:
            person["unsuitable_for"] = ["children"] + (["vulnerable_adults"] if rng.random() < 0.4 else [])
        if rng.random() < 0.1:
            person["max_hours_per_week"] = rng.choice([7, 14])
        people.append(person)

    # Keep-apart pairs among people of the same town (co-defendants, known conflicts).
    by_town = {}
    for i, home in enumerate(home_of):
        by_town.setdefault(home, []).append(i)
    for _ in range(people_count // 60):
        members = by_town[rng.randrange(town_count)] if by_town else []
        if len(members) >= 2:
            a, b = rng.sample(members, 2)
            people[a].setdefault("keep_apart", []).append(people[b]["id"])

    # Demand in person-sessions, roughly: each person's weekly target over 7-hour days.
    demand = sum(min(p["hours_remaining"], p.get("max_hours_per_week", 21), 10) / 7 for p in people)
    target_places = demand * capacity_ratio
    projects = []
    session_places = 0
    supervisors = []
    project_number = 0
    for t in range(town_count):
        share = weight[t] / total_weight
        places = target_places * share
        made = 0
        while made < places:
            project_number += 1
            kind = rng.choices(["group", "individual", "ete"], [0.72, 0.18, 0.10])[0]
            pid = f"J{project_number:04d}"
            project = {"id": pid, "kind": kind, "area": names[t], "sessions": []}
            if kind == "group":
                if rng.random() < 0.3:
                    project["involves"] = ["public"]
                if rng.random() < 0.12:
                    project["involves"] = project.get("involves", []) + ["children"]
                if rng.random() < 0.15:
                    project["requires_skills"] = [rng.choice(["painting", "gardening", "carpentry", "catering"])]
                if rng.random() < 0.2:
                    project["supervisor_requires"] = ["minibus"]
                if rng.random() < 0.05:
                    project["women_only"] = True
                if rng.random() < 0.3:
                    project["people_per_supervisor"] = rng.choice([5, 6, 10])
                if rng.random() < 0.2:
                    project["min_attendance"] = 3
                day_weights = [0.5, 0.5, 0.5, 0.5, 0.5, 0.8, 0.6]
                capacity = lambda: rng.choice([4, 6, 8, 10, 12])
            elif kind == "individual":
                project["involves"] = ["vulnerable_adults"] if rng.random() < 0.3 else []
                day_weights = [0.7, 0.7, 0.7, 0.7, 0.7, 0.2, 0.0]
                capacity = lambda: rng.choice([1, 1, 2, 3])
            else:
                day_weights = [0.8, 0.8, 0.8, 0.8, 0.6, 0.0, 0.0]
                capacity = lambda: rng.choice([5, 8, 12])
            for d, w in enumerate(day_weights):
                if rng.random() < w:
                    hours = rng.choice([7.0, 7.0, 7.5, 6.0, 3.5]) if kind != "ete" else rng.choice([3.0, 4.5, 6.0])
                    c = capacity()
                    project["sessions"].append(
                        {
                            "id": f"{pid}-{WEEKDAYS[d]}",
                            "date": str(dates[d]),
                            "start": "09:00",
                            "end": f"{9 + int(hours) + 1:02d}:{int((hours % 1) * 60):02d}",
                            "hours": hours,
                            "capacity": c,
                        }
                    )
                    made += c
                    session_places += c
            if project["sessions"]:
                projects.append(project)

        # Supervisors: about one per 1.3 group sessions of the town, each working 3-5 days.
        group_sessions = sum(len(p["sessions"]) for p in projects if p["area"] == names[t] and p["kind"] == "group")
        for _ in range(max(1, round(group_sessions / 2.6))):
            s = {
                "id": f"V{len(supervisors):04d}",
                "areas": [names[t]] + ([names[rng.choice(borders[t])]] if rng.random() < 0.35 and borders[t] else []),
                "available": days_of(rng, [0.75, 0.75, 0.75, 0.75, 0.7, 0.45, 0.3]),
                "max_sessions": rng.choice([2, 3, 3, 4, 5]),
            }
            quals = []
            if rng.random() < 0.35:
                quals.append("high_risk")
            if rng.random() < 0.4:
                quals.append("minibus")
            if quals:
                s["qualifications"] = quals
            if rng.random() < 0.1:
                s["unavailable_dates"] = [str(rng.choice(dates))]
            supervisors.append(s)

    return {
        "format": "payback-instance/1",
        "name": f"independent-{people_count}-seed{seed}",
        "week_start": str(monday),
        "defaults": {"min_hours_per_week": 7, "max_hours_per_week": 21, "people_per_supervisor": 8, "min_attendance": 2, "pace_weight": 10},
        "projects": projects,
        "supervisors": supervisors,
        "people": people,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--capacity", type=float, default=1.0, help="places offered per place wanted (default 1.0)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.people < 10 or args.capacity <= 0:
        print("--people must be at least 10 and --capacity positive", file=sys.stderr)
        return 2
    week = make_week(args.people, args.seed, args.capacity)
    with open(args.out, "w") as f:
        json.dump(week, f, indent=1)
        f.write("\n")
    print(f"{args.out}: {args.people} people, {len(week['supervisors'])} supervisors, "
          f"{sum(len(p['sessions']) for p in week['projects'])} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())

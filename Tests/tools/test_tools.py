#!/usr/bin/env python3
"""Tests of the Python tools (standard library unittest; highspy for the HiGHS ones).

    python3 -m unittest discover -s Tests/tools -p 'test_*.py'
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(HERE, "fixtures")
TINY = os.path.join(ROOT, "instances", "tiny.json")


def run(*args):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)


class IndependentCheckTests(unittest.TestCase):
    script = os.path.join(HERE, "independent_check.py")

    def test_self_test(self):
        r = run(self.script, "--self-test")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_valid_roster(self):
        r = run(self.script, TINY, os.path.join(FIXTURES, "tiny-valid-roster.json"))
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout.strip(), "OK objective=597.833333333")

    def test_invalid_roster_names_every_rule(self):
        r = run(self.script, TINY, os.path.join(FIXTURES, "tiny-invalid-roster.json"))
        self.assertEqual(r.returncode, 1)
        tags = {line.split(":")[0] for line in r.stdout.splitlines()}
        for rule in [f"H{i}" for i in range(1, 14)] + ["OBJECTIVE", "BOUND"]:
            self.assertIn(rule, tags)
        self.assertTrue(r.stdout.splitlines()[-1].startswith("FAIL problems=32 objective=600.5"))

    def test_wrong_objective_alone(self):
        with open(os.path.join(FIXTURES, "tiny-valid-roster.json")) as f:
            roster = json.load(f)
        roster["objective"] = 597.84  # off by more than 1e-6 relative
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        path = os.path.join(tmp.name, "wrong-objective.json")
        with open(path, "w") as f:
            json.dump(roster, f)
        r = run(self.script, TINY, path)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stdout.startswith("OBJECTIVE: "), r.stdout)
        roster["objective"] = 597.8333335  # within 1e-6 relative
        with open(path, "w") as f:
            json.dump(roster, f)
        self.assertEqual(run(self.script, TINY, path).returncode, 0)

    def test_unreadable_input(self):
        r = run(self.script, TINY, os.path.join(FIXTURES, "no-such-roster.json"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read", r.stderr)


class DifferentialCheckTests(unittest.TestCase):
    """Needs a built `payback` (swift build); skipped otherwise."""

    payback = os.path.join(ROOT, ".build", "debug", "payback")

    def test_checkers_agree_on_mutated_tiny_rosters(self):
        if not os.access(self.payback, os.X_OK):
            self.skipTest("no .build/debug/payback: run swift build first")
        r = run(os.path.join(HERE, "differential_check.py"), TINY, os.path.join(FIXTURES, "tiny-valid-roster.json"),
                "--payback", self.payback, "--cases", "60", "--seed", "3")
        self.assertEqual(r.returncode, 0, r.stdout[-3000:] + r.stderr[-1000:])
        self.assertIn("disagree=0", r.stdout)


class HighsSolveTests(unittest.TestCase):
    script = os.path.join(HERE, "highs_solve.py")

    def solve(self, name, *extra):
        r = run(self.script, os.path.join(FIXTURES, name), *extra)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        return json.loads(r.stdout)

    def setUp(self):
        try:
            import highspy  # noqa: F401
        except ImportError:
            self.skipTest("highspy is not installed (scripts/setup --test)")

    def test_lp_file_maximise(self):
        out = self.solve("knapsack.lp")
        self.assertEqual(out["status"], "optimal")
        self.assertAlmostEqual(out["objective"], 21)
        self.assertAlmostEqual(out["bound"], 21)
        self.assertEqual(out["sense"], "maximize")
        self.assertTrue(out["mip"])

    def test_mps_file_is_minimised(self):
        out = self.solve("knapsack.mps")
        self.assertEqual(out["status"], "optimal")
        self.assertAlmostEqual(out["objective"], -21)
        self.assertEqual(out["sense"], "minimize")

    def test_gap_option(self):
        out = self.solve("knapsack.lp", "--gap", "1e-6", "--time-limit", "10")
        self.assertEqual(out["status"], "optimal")
        self.assertAlmostEqual(out["bound"], 21)

    def test_continuous_lp(self):
        out = self.solve("lp-relax.lp", "--time-limit", "10")
        self.assertEqual(out["status"], "optimal")
        self.assertAlmostEqual(out["objective"], 2.8)
        self.assertFalse(out["mip"])

    def test_relaxation_by_interior_point(self):
        # The knapsack's LP relaxation: x1 = 1, x2 = 0.75, x3 = 0.25, x4 = 0: 10 + 9.75 + 1.75 = 21.5.
        out = self.solve("knapsack.lp", "--relax")
        self.assertEqual(out["status"], "optimal")
        self.assertAlmostEqual(out["objective"], 21.5, places=6)
        self.assertAlmostEqual(out["bound"], 21.5, places=6)
        self.assertFalse(out["mip"])
        self.assertTrue(out["relaxation"])
        # The MPS file, minimised: the same value negated; crossover gives it exactly.
        out = self.solve("knapsack.mps", "--relax", "--crossover")
        self.assertAlmostEqual(out["objective"], -21.5, places=9)
        # A continuous LP is its own relaxation.
        self.assertAlmostEqual(self.solve("lp-relax.lp", "--relax")["objective"], 2.8, places=6)
        self.assertEqual(self.solve("infeasible.lp", "--relax")["status"], "infeasible")

    def test_infeasible(self):
        out = self.solve("infeasible.lp")
        self.assertEqual(out["status"], "infeasible")
        self.assertIsNone(out["objective"])

    def test_missing_file(self):
        r = run(self.script, os.path.join(FIXTURES, "nothing.lp"))
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()

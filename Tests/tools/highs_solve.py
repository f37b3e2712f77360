#!/usr/bin/env python3
"""Solve an LP or MPS model file with HiGHS (highspy) and print one line of JSON.

    python3 Tests/tools/highs_solve.py MODEL.(lp|mps) [--time-limit S] [--gap G] [--threads N]
    python3 Tests/tools/highs_solve.py MODEL.(lp|mps) --relax [--crossover] [--time-limit S]

prints

    {"status": "optimal", "objective": 12.5, "bound": 12.5, "seconds": 0.01,
     "sense": "maximize", "mip": true, "model_status": "Optimal"}

- `objective` is the value of the best solution found, in the file's own sense
  (an LP file says `maximize` or `minimize`; an MPS file is minimised unless it
  carries an OBJSENSE section, which HiGHS honours); null when none was found.
- `bound` is the best proven bound in that same sense: for an integer program
  HiGHS's dual bound (an upper bound when maximising, a lower one when
  minimising), for a continuous LP the optimum itself once proved optimal; null
  when nothing was proved.
- `status` is one of optimal, infeasible, unbounded, unbounded_or_infeasible,
  time_limit, iteration_limit, interrupted, empty, error, unknown.
- `seconds` is HiGHS's own run time.
- `--gap` sets HiGHS's relative MIP gap (its default is 1e-4, so "optimal" means within
  0.01% unless a smaller gap is asked for; the contract's proven optima use 1e-6).
- `--relax` solves the LP relaxation instead (every integer column made continuous) by
  HiGHS's interior point method, without crossover unless `--crossover` is given: the
  benchmark runner's LP reference. `objective` and `bound` are then the LP's optimum (to
  the interior point's tolerance, 1e-8 relative), `mip` is false and `relaxation` true.

Exit status: 0 when HiGHS ran (whatever the status), 2 when the file cannot be
read, 3 when highspy is missing (install it: `python3 -m pip install highspy`,
or `scripts/setup --test`). HiGHS's log goes to standard error, so standard
output holds the JSON alone: used by the Swift tests and the benchmark runner.
"""
import argparse
import json
import math
import os
import sys

STATUS_NAMES = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "unbounded_or_infeasible",
    "kTimeLimit": "time_limit",
    "kIterationLimit": "iteration_limit",
    "kSolutionLimit": "solution_limit",
    "kInterrupt": "interrupted",
    "kHighsInterrupt": "interrupted",
    "kMemoryLimit": "memory_limit",
    "kModelEmpty": "empty",
    "kObjectiveBound": "objective_bound",
    "kObjectiveTarget": "objective_target",
    "kLoadError": "error",
    "kModelError": "error",
    "kPresolveError": "error",
    "kSolveError": "error",
    "kPostsolveError": "error",
    "kNotset": "unknown",
    "kUnknown": "unknown",
}


def finite_or_none(v):
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and abs(v) < 1e30 else None


def solve(path, time_limit=None, threads=None, gap=None, relax=False, crossover=False):
    """Returns the result dictionary; HiGHS writes its log to standard error.

    With `relax`, solves the LP relaxation by interior point (crossover only if asked)."""
    import highspy  # imported here so that a missing package gives a clear message

    h = highspy.Highs()
    h.setOptionValue("log_to_console", True)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    if threads is not None:
        h.setOptionValue("threads", int(threads))
    if gap is not None:
        h.setOptionValue("mip_rel_gap", float(gap))
    read = h.readModel(path)
    if read == highspy.HighsStatus.kError:
        raise OSError(f"HiGHS cannot read the model file {path}")
    lp = h.getLp()
    integrality = list(getattr(lp, "integrality_", []) or [])
    is_mip = any(v != highspy.HighsVarType.kContinuous for v in integrality)
    if relax:
        if is_mip:
            # Integer columns keep their bounds (binaries stay in [0, 1]) and lose integrality.
            lp.integrality_ = [highspy.HighsVarType.kContinuous] * lp.num_col_
            h.passModel(lp)
            is_mip = False
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "on" if crossover else "off")
    maximize = h.getObjectiveSense()[1] == highspy.ObjSense.kMaximize
    h.run()
    model_status = h.getModelStatus()
    key = str(model_status).split(".")[-1]
    status = STATUS_NAMES.get(key, key)
    info = h.getInfo()
    objective = None
    if info.primal_solution_status == 2:  # kSolutionStatusFeasible
        objective = finite_or_none(info.objective_function_value)
    if status == "empty":
        objective = finite_or_none(h.getObjectiveOffset()[1]) or 0.0
    bound = None
    if is_mip:
        bound = finite_or_none(info.mip_dual_bound)
        if status == "optimal" and bound is None:
            bound = objective
    elif status in ("optimal", "empty"):
        bound = objective
    result = {
        "status": status,
        "objective": objective,
        "bound": bound,
        "seconds": round(h.getRunTime(), 6),
        "sense": "maximize" if maximize else "minimize",
        "mip": is_mip,
        "model_status": h.modelStatusToString(model_status),
    }
    if relax:
        result["relaxation"] = True
    return result


def main(argv):
    ap = argparse.ArgumentParser(description="Solve an LP/MPS file with HiGHS and print JSON.")
    ap.add_argument("model", help="model file (.lp or .mps, optionally .gz)")
    ap.add_argument("--time-limit", type=float, default=None, help="seconds")
    ap.add_argument("--gap", type=float, default=None, help="relative MIP gap (HiGHS default 1e-4)")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--relax", action="store_true", help="solve the LP relaxation by interior point")
    ap.add_argument("--crossover", action="store_true", help="with --relax: crossover to a basic solution")
    args = ap.parse_args(argv)
    if not os.path.isfile(args.model):
        print(f"{args.model}: no such file", file=sys.stderr)
        return 2
    # HiGHS prints its banner and log on the process's standard output (C level):
    # point file descriptor 1 at standard error while it runs, so ours stays pure JSON.
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        result = solve(args.model, args.time_limit, args.threads, args.gap, args.relax, args.crossover)
    except ImportError:
        os.dup2(saved, 1)
        print("highspy is not installed: python3 -m pip install highspy (or scripts/setup --test)", file=sys.stderr)
        return 3
    except OSError as e:
        os.dup2(saved, 1)
        print(str(e), file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

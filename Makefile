# The two commands (see README): `make roster` and `make test`. `make test-fast` for everyday work.
EXAMPLE ?= instances/example-week.json
SWIFT_BUILD_FLAGS ?=

# What CI holds every change to: warnings are errors in this package's own targets (SwiftPM builds
# dependencies with their warnings suppressed), and a target may import only what it declares.
CHECK_FLAGS = -Xswiftc -warnings-as-errors --explicit-target-dependency-import-check error

# The suites `make test-fast` leaves out: proofs of optimality, property tests over many solves,
# the planner over months, real processes killed mid-write and the browser. `make test` runs them
# one at a time after the rest: each holds a core (or both) for minutes, and side by side on two
# cores they would only slow each other past their time limits.
SLOW_TESTS = ExactOptimaTests|RosterPropertyTests|FallbackTests|DecompositionTests|LagrangianTests|GeneratorTests|RosterCommandTests|PlanCommandTests|SanityTests|DurabilityTests|BrowserTests

.PHONY: roster test test-fast lint build release bench format plan

## Show a roster for the bundled example week (builds only the `payback` command).
roster:
	@scripts/setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product payback
	.build/release/payback roster $(EXAMPLE)

## Compare the bundled capacity scenarios over 26 weeks; the report is report/index.html.
plan:
	@scripts/setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product payback
	.build/release/payback plan scenarios/*.yaml --report report/

## Run every test, after the format check, with warnings as errors (installs what the tests need first).
test: lint
	@scripts/setup --test
	swift build --build-tests $(CHECK_FLAGS) $(SWIFT_BUILD_FLAGS)
	swift test --skip-build $(SWIFT_BUILD_FLAGS) --skip '$(SLOW_TESTS)'
	swift test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(SLOW_TESTS)' --no-parallel

## The everyday tier: the same build and checks, every test but the slow suites above.
test-fast: lint
	@scripts/setup --test
	swift build --build-tests $(CHECK_FLAGS) $(SWIFT_BUILD_FLAGS)
	swift test --skip-build $(SWIFT_BUILD_FLAGS) --skip '$(SLOW_TESTS)'

## The format check CI runs (`make format` fixes what it finds).
lint:
	swift format lint --strict --recursive --parallel --configuration .swift-format Package.swift Sources Tests benchmarks

build:
	@scripts/setup
	swift build $(SWIFT_BUILD_FLAGS)

release:
	@scripts/setup
	swift build -c release $(SWIFT_BUILD_FLAGS)

## Benchmarks (see benchmarks/README.md): every family of generated week; BENCH_FLAGS for a subset.
BENCH_FLAGS ?=
bench: release
	.build/release/payback-bench roster $(BENCH_FLAGS)

format:
	swift format --in-place --recursive --configuration .swift-format Package.swift Sources Tests benchmarks

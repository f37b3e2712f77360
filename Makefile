# The two commands (see README): `make roster` and `make test`.
EXAMPLE ?= instances/example-week.json
SWIFT_BUILD_FLAGS ?=

.PHONY: roster test build release bench format plan

## Show a roster for the bundled example week.
roster:
	@scripts/setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product payback
	.build/release/payback roster $(EXAMPLE)

## Compare the bundled capacity scenarios over 26 weeks; the report is report/index.html.
plan:
	@scripts/setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product payback
	.build/release/payback plan scenarios/*.yaml --report report/

## Run every test (installs what the tests need first).
test:
	@scripts/setup --test
	swift build --build-tests $(SWIFT_BUILD_FLAGS)
	swift test --skip-build $(SWIFT_BUILD_FLAGS)

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

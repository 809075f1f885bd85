# The two commands of the README, and a few helpers.
#   make demo   install what is missing, build, walk a local agent
#   make check  install what is missing, build, run every test
BUILD       ?= build
CHECK_BUILD ?= build-check
JOBS        ?= 2
MAKEFLAGS   += --no-print-directory
FUZZ_SECONDS ?= 20
FUZZ_LONG_SECONDS ?= 600

.PHONY: all deps build demo check unit interop fuzz bench bench-python \
        fuzz-long python-test clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/snmpx

# Every test: unit tests and corpus replays, interop against Net-SNMP, all
# under ASan/UBSan with warnings as errors; then a short libFuzzer run.
check: deps
	cmake -S . -B $(CHECK_BUILD) -DSNMPX_WERROR=ON -DSNMPX_SANITIZE=ON >/dev/null
	cmake --build $(CHECK_BUILD) -j$(JOBS)
	cd $(CHECK_BUILD) && ctest --output-on-failure -j$(JOBS)
	scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

unit: deps
	cmake -S . -B $(CHECK_BUILD) -DSNMPX_WERROR=ON -DSNMPX_SANITIZE=ON >/dev/null
	cmake --build $(CHECK_BUILD) -j$(JOBS)
	cd $(CHECK_BUILD) && ctest --output-on-failure -j$(JOBS) -L unit

interop: deps
	cmake -S . -B $(CHECK_BUILD) -DSNMPX_WERROR=ON -DSNMPX_SANITIZE=ON >/dev/null
	cmake --build $(CHECK_BUILD) -j$(JOBS)
	cd $(CHECK_BUILD) && ctest --output-on-failure -L interop

fuzz: deps
	scripts/fuzz-smoke.sh $(FUZZ_SECONDS)

# Every fuzz target for FUZZ_LONG_SECONDS (default 600) each, two at a
# time, merging what adds coverage into the committed corpora (fuzz/corpus).
fuzz-long: deps
	FUZZ_JOBS=2 FUZZ_MERGE=1 scripts/fuzz-smoke.sh $(FUZZ_LONG_SECONDS)

# snmpx beside Net-SNMP on the same workload; prints numbers, asserts none.
bench: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSNMPX_BUILD_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-bench -j$(JOBS)
	bench/run_get.sh build-bench
	bench/run_get_tcp.sh build-bench
	bench/run_get_tls.sh build-bench
	bench/run_rate.sh build-bench
	bench/run_mib_load.sh build-bench
	bench/run_notify.sh build-bench
	bench/run_agent.sh build-bench
	bench/bench_python.sh build-bench

# The Python package: snmpx.pysnmp beside pysnmp 7.1, the seed API beside
# easysnmp, against `snmpx agent` (prints ratios; sizes: bench/bench_python.py).
bench-python: deps
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSNMPX_BUILD_BENCH=ON -DBUILD_TESTING=OFF >/dev/null
	cmake --build build-bench -j$(JOBS) --target snmpx
	bench/bench_python.sh build-bench

# The Python package's pytest suite alone (make check runs it too).
python-test: deps
	tests/python/run.sh

clean:
	rm -rf $(BUILD) $(CHECK_BUILD) build-fuzz build-bench

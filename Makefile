# Piyao Matrix (辟谣矩阵协调台). Two commands matter: `make run` and `make test`.
# Both set up everything a fresh Debian 12 / Ubuntu 22.04+ machine lacks (scripts/setup.sh).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: setup ui run test test-rust test-ui test-e2e bundle screenshot bindings bench clean

setup:
	@bash scripts/setup.sh

ui: setup
	npm --prefix ui run build --silent

## Build the UI and start the desktop app (database: $$PIYAO_DB or the OS app-data folder).
run: ui
	cargo run --bin piyao-matrix

## Every test: Rust unit + integration + mock-runtime, UI unit tests, end-to-end in the real window.
test: ui test-rust test-ui test-e2e

test-rust:
	cargo test --workspace

test-ui:
	npm --prefix ui test --silent

test-e2e:
	$(XVFB) cargo test --test e2e -- --include-ignored --skip screenshots --test-threads=1

## A .deb package in target/release/bundle/deb/. The Tauri CLI comes from crates.io (cargo-tauri):
## the npm registry reachable here lacks its per-platform packages, which breaks `npm ci`.
bundle: ui
	@command -v cargo-tauri >/dev/null || cargo install tauri-cli --version "^2" --locked
	cargo tauri build --bundles deb

## PNGs of the main screens from the real app, in shots/.
screenshot: ui
	$(XVFB) cargo test --test e2e screenshots::screenshots -- --ignored --exact

## Benchmarks (release build): the checker's sweep of 10,000 loopback accounts, with figures;
## then 1,000 accounts of which 300 misbehave: every verdict checked, time against its bound;
## then statistics, the dashboard and archive search over 100,000 cases and 5 million check results;
## then office scale in the real window under Xvfb: ledgers of 1,000 to 100,000 accounts,
## 100,000 cases, a push to 10,000 accounts (time to first rows, memory of app + WebKit);
## and people's screenshots: seconds per screenshot and peak memory of recognition.
bench: ui
	cargo test --release -p piyao-check --test screenshots -- --nocapture
	cargo bench -p piyao-check --bench sweep
	cargo bench -p piyao-check --bench faults
	cargo bench -p piyao-core --bench stats
	$(XVFB) cargo bench -p piyao-matrix --bench window

## Regenerate ui/src/bindings from the Rust types, the event table and the command table
## (a test fails when they are stale).
bindings:
	UPDATE_BINDINGS=1 cargo test -p piyao-core bindings
	UPDATE_BINDINGS=1 cargo test -p piyao-matrix --test commands the_generated_command_names

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules shots

# Weishi: `make run` starts the platform with demo data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GO_LDFLAGS := -s -w -X main.version=$(VERSION)
BIN := bin/weishi
# The first admin's password for `make run` (used only when ./data is new).
WEISHI_ADMIN_PASSWORD ?= Admin2026
E2E_ADMIN_PASSWORD := E2eAdmin2026
CHROMIUM ?= /usr/bin/chromium
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: help run build frontend test vet gotest fetest e2e bench clean

help:
	@echo "make run    build (front end when needed) and start http://localhost:8080 with demo data"
	@echo "make test   go vet, Go tests (-race), front-end unit tests, browser end-to-end tests"
	@echo "make build  build $(BIN) with the front end embedded"
	@echo "make bench  run the Go benchmarks"

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

# The front end is rebuilt only when its sources change.
frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build

frontend: frontend/dist/index.html

build: frontend
	go build -trimpath -ldflags "$(GO_LDFLAGS)" -o $(BIN) ./server

run: build
	@echo "Admin login on a new ./data: admin / $(WEISHI_ADMIN_PASSWORD)"
	WEISHI_DATA_DIR=$${WEISHI_DATA_DIR:-./data} WEISHI_DEMO=$${WEISHI_DEMO:-on} WEISHI_ADMIN_PASSWORD='$(WEISHI_ADMIN_PASSWORD)' ./$(BIN) serve

# Every target runs even when an earlier one fails; the failures are
# listed at the end and make exits non-zero when there was any.
TEST_TARGETS := vet gotest fetest e2e
test:
	@failed=""; \
	for t in $(TEST_TARGETS); do \
		echo "=== make $$t"; \
		$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "=== make test: FAILED:$$failed (of $(TEST_TARGETS))"; exit 1; fi; \
	echo "=== make test: all passed ($(TEST_TARGETS))"

vet:
	go vet ./...

# TEST_DATABASE_URL and TEST_REDIS_URL, when set, add PostgreSQL and real Redis runs.
gotest:
	go test -race -count=1 -timeout 20m ./...

fetest: frontend/node_modules/.package-lock.json
	cd frontend && npm test

# Starts the built binary on a free port with a throwaway data directory
# and demo data, runs the browser tests against it, and stops it.
e2e: build
	@if [ ! -x "$(CHROMIUM)" ]; then echo "chromium not installed at $(CHROMIUM): browser tests skipped"; exit 0; fi; \
	dir=$$(mktemp -d); \
	WEISHI_DATA_DIR=$$dir WEISHI_ADDR=127.0.0.1:0 WEISHI_DEMO=on WEISHI_ADMIN_PASSWORD=$(E2E_ADMIN_PASSWORD) \
		./$(BIN) serve >$$dir/server.log 2>&1 & pid=$$!; \
	url=""; for i in $$(seq 1 900); do \
		url=$$(sed -n 's/.*running at \(http:[^ ]*\).*/\1/p' $$dir/server.log | head -n1); \
		[ -n "$$url" ] && break; kill -0 $$pid 2>/dev/null || break; sleep 0.2; done; \
	if [ -z "$$url" ]; then echo "server did not start:"; cat $$dir/server.log; kill $$pid 2>/dev/null; exit 1; fi; \
	echo "e2e against $$url"; \
	(cd frontend && WEISHI_URL=$$url WEISHI_ADMIN_PASSWORD=$(E2E_ADMIN_PASSWORD) CHROMIUM=$(CHROMIUM) npm run e2e); rc=$$?; \
	kill $$pid; wait $$pid 2>/dev/null; \
	if [ $$rc -ne 0 ]; then echo "--- server log ---"; tail -n 50 $$dir/server.log; fi; \
	rm -rf $$dir; exit $$rc

bench:
	go test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html

# Deiseb: `make run` serves the demo, `make test` runs every test on SQLite and PostgreSQL.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEISEB := $(BIN)/deiseb
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/deiseb
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/deiseb_bench
export DEISEB_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: run install icu chromium bench-tools test test-sqlite test-postgres lint format messages bench screenshots clean

$(STAMP): pyproject.toml | icu
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# PyICU (the Welsh order of the country list, deiseb.geography.names) has no wheel for Linux on
# PyPI, so pip compiles it against Debian's ICU: it needs libicu-dev, pkg-config and g++.
icu:
	pkg-config --exists icu-i18n && command -v g++ >/dev/null || \
		(apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++)

# The browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
# DejaVu Sans draws the share images' Welsh letters (deiseb.signatures.share).
chromium:
	test -x /usr/bin/chromium -a -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
		(apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

# The viral-day benchmarks load the site with wrk, through nginx's proxy_cache, against
# PgBouncer, and send mail to Postfix's smtp-sink. Postfix is installed unconfigured ("No
# configuration"), so no mail server starts; the benchmarks start what they need on their own ports.
BENCH_TOOLS := /usr/bin/wrk /usr/sbin/nginx /usr/sbin/smtp-sink /usr/sbin/pgbouncer
bench-tools:
	@for tool in $(BENCH_TOOLS); do test -x $$tool || missing=1; done; test -z "$$missing" || \
		(echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections && \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light postfix pgbouncer)

run: $(STAMP)
	mkdir -p var
	$(DEISEB) migrate --noinput
	$(DEISEB) collectstatic --noinput --verbosity 0
	$(DEISEB) import_geography --if-empty
	$(DEISEB) import_members --if-empty
	$(DEISEB) load_demo --if-empty
	$(DEISEB) serve

# The two passes run side by side, one per core; the PostgreSQL pass prints when both are done.
test: $(STAMP) chromium
	@mkdir -p var; \
	$(MAKE) --no-print-directory test-postgres >var/test-postgres.log 2>&1 & postgres=$$!; \
	$(MAKE) --no-print-directory test-sqlite; sqlite_rc=$$?; \
	wait $$postgres; postgres_rc=$$?; \
	echo "--- PostgreSQL pass ---"; cat var/test-postgres.log; \
	echo "SQLite pass: exit $$sqlite_rc; PostgreSQL pass: exit $$postgres_rc"; \
	test $$sqlite_rc -eq 0 && test $$postgres_rc -eq 0

test-sqlite: $(STAMP) chromium
	DEISEB_PLAIN_STATIC=1 $(BIN)/pytest

# The browser tests (tests/browser) take minutes and test pages, not the database: SQLite only.
# So do the two fault tests that break mail, not the database (a stalled and a stopped SMTP server).
test-postgres: $(STAMP)
	DEISEB_PLAIN_STATIC=1 DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "not browser" \
		--ignore=tests/faults/test_slow_smtp.py --ignore=tests/faults/test_smtp_down.py

lint: $(STAMP)
	mkdir -p var
	$(DEISEB) check
	$(DEISEB) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)
	$(DEISEB) makemessages --locale cy --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(DEISEB) compilemessages --locale cy --ignore '.venv/*'

bench: $(STAMP) bench-tools
	DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python bench/counting.py
	cd bench && DATABASE_URL=$(PG_BENCH_URL) ../$(BIN)/python public_pages.py
	cd bench && DATABASE_URL=$(PG_BENCH_URL) ../$(BIN)/python sign_timing.py
	cd bench && DATABASE_URL=$(PG_BENCH_URL) ../$(BIN)/python email_fanout.py
	$(BIN)/python bench/viral.py
	$(BIN)/python bench/surge.py

# Pictures of the demo for the README: docs/screenshots/<page>-<lang>-<width>.png.
screenshots: $(STAMP) chromium
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) var

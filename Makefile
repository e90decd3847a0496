# Set-up and everyday commands. Each target creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test bench lint clean system-libs browser bench-tools

$(STAMP): pyproject.toml Makefile
	@$(MAKE) --no-print-directory system-libs browser
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

## Debian's libharfbuzz-subset0: WeasyPrint subsets fonts with it (without it, with fontTools:
## slower, a warning per font; bookmaker pins fontTools' timestamps so PDFs stay reproducible).
## Debian's libgs-common (317 kB, Ghostscript's ICC profiles alone): its default_cmyk.icc is
## the output profile a PDF/X declares when no --icc-profile is given.
## As root they are installed with apt-get; otherwise the command to run is printed.
SYSTEM_LIBS := libharfbuzz-subset0 libgs-common
system-libs:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "note: not a Debian system; install HarfBuzz-Subset (>= 4.1) with your package manager"; \
	else \
	  missing=""; for p in $(SYSTEM_LIBS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -z "$$missing" ]; then \
	    :; \
	  elif [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing (font subsetting and the CMYK profile for PDFs)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing; run: sudo apt-get update && sudo apt-get install$$missing"; \
	  else \
	    echo "note:$$missing missing; run: sudo apt-get update && sudo apt-get install$$missing"; \
	  fi; \
	fi

## Debian's Chromium and its driver: tests/review drive the review page in a real browser
## (skipped without them). As root they are installed with apt-get; otherwise a note.
BROWSER := chromium chromium-driver
browser:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "note: not a Debian system; the browser tests of bookmaker review need chromium and chromedriver"; \
	elif dpkg-query -W -f='$${Status}' chromium-driver 2>/dev/null | grep -q "ok installed"; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing $(BROWSER) (browser tests of bookmaker review)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER) >/dev/null \
	    || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER) >/dev/null) \
	    || echo "warning: could not install $(BROWSER); the browser tests will be skipped"; \
	else \
	  echo "note: the browser tests of bookmaker review need: sudo apt-get install $(BROWSER)"; \
	fi

## Build the sample stories (EPUB, PDF and the anthology) into out/
book: $(STAMP)
	$(BIN)/bookmaker build

## Run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## The peers and counters the benchmarks compare with: pandoc (EPUB) and valgrind (PDF
## instruction counts, which a busy machine does not change). As root they are installed
## with apt-get; otherwise a note, and the benchmarks skip what is missing.
BENCH_TOOLS := pandoc valgrind
bench-tools:
	@missing=""; for t in $(BENCH_TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing$$missing (benchmark peers)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "warning: could not install$$missing; the benchmarks skip them"; \
	else \
	  echo "note: the benchmarks skip what is missing; install:$$missing"; \
	fi

bench: $(STAMP) bench-tools
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check bookmaker tests
	$(BIN)/mypy bookmaker

clean:
	rm -rf out $(VENV)

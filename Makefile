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

## $(call apt_ensure,PACKAGES,WHAT FOR): the Debian packages of PACKAGES not installed yet are
## installed with apt-get as root; otherwise (or when that fails) the command to run is printed.
define apt_ensure
if ! command -v dpkg-query >/dev/null 2>&1; then \
  echo "note: not a Debian system; install the equivalents of $(1) ($(2))"; \
else \
  missing=""; for p in $(1); do \
    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
  done; \
  if [ -z "$$missing" ]; then \
    :; \
  elif [ "$$(id -u)" = 0 ]; then \
    echo "installing$$missing ($(2))"; \
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
      || echo "warning: could not install$$missing; run: sudo apt-get update && sudo apt-get install$$missing"; \
  else \
    echo "note:$$missing missing ($(2)); run: sudo apt-get update && sudo apt-get install$$missing"; \
  fi; \
fi
endef

## Debian's libharfbuzz-subset0: WeasyPrint subsets fonts with it (without it, with fontTools:
## slower, a warning per font; bookmaker pins fontTools' timestamps so PDFs stay reproducible).
## Debian's libgs-common (317 kB, Ghostscript's ICC profiles alone): its default_cmyk.icc is
## the output profile a PDF/X declares when no --icc-profile is given.
SYSTEM_LIBS := libharfbuzz-subset0 libgs-common
system-libs:
	@$(call apt_ensure,$(SYSTEM_LIBS),font subsetting and the CMYK profile for PDFs)

## Debian's Chromium and its driver: tests/review drive the review page in a real browser
## (skipped without them).
BROWSER := chromium chromium-driver
browser:
	@$(call apt_ensure,$(BROWSER),the browser tests of bookmaker review; skipped without them)

## Build the sample stories (EPUB, PDF and the anthology) into out/
book: $(STAMP)
	$(BIN)/bookmaker build

## Run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## The peers and counters the benchmarks compare with: pandoc (EPUB) and valgrind (PDF
## instruction counts, which a busy machine does not change); the benchmarks skip what is missing.
BENCH_TOOLS := pandoc valgrind
bench-tools:
	@$(call apt_ensure,$(BENCH_TOOLS),benchmark peers; skipped without them)

bench: $(STAMP) bench-tools
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check bookmaker tests
	$(BIN)/mypy bookmaker

clean:
	rm -rf out $(VENV)

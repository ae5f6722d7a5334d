# Chengxin — build, demo and tests. See README.md.
SWIFT ?= swift
APT_PACKAGES := libncursesw5-dev libsqlite3-dev sqlite3 tmux locales luit zlib1g-dev pkgconf \
  weasyprint fonts-wqy-microhei poppler-utils cups cups-client printer-driver-cups-pdf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/chengxin
# What `make format` and `make format-check` look at; `make format FORMAT_PATHS=FILE` formats one file.
FORMAT_PATHS ?= Sources Tests Package.swift
# The layout findings of swift-format's pretty printer. .swift-format cannot switch them off
# (only rules can be), and the tree predates the configuration, so the check leaves them out
# until the tree-wide reformat (DECISIONS.md, "swift-format").
LAYOUT_FINDINGS := \[(Indentation|AddLines|RemoveLine|Spacing|TrailingComma|TrailingWhitespace|LineLength|EndOfLineComment)\]

.PHONY: deps build demo test format format-check release clean

# Installs the Debian packages the build and the tests need, only those missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi
	@# The GB18030 locale, for old Chinese terminals and the end-to-end test that uses one.
	@locale -a 2>/dev/null | grep -qi '^zh_CN.gb18030$$' || $(SUDO) localedef -i zh_CN -f GB18030 zh_CN.GB18030

build: deps
	$(SWIFT) build

# Builds the fictional demo village (first time only) and opens the app on it.
demo: build
	$(BIN) demo

# Every test: unit, screen snapshots and the end-to-end runs in tmux.
# One build of everything (the binary the end-to-end tests drive, and the tests),
# then the tests; a hung run fails after 40 minutes instead of hanging CI.
test: deps format-check
	$(SWIFT) build --build-tests
	timeout 2400 $(SWIFT) test --skip-build

# Rewrites the files in swift-format's style (.swift-format), fixing what format-check finds.
format:
	$(SWIFT) format --in-place --recursive $(FORMAT_PATHS)

# The style check: swift-format's rules as .swift-format sets them. Prints nothing when clean.
format-check:
	@out=$$($(SWIFT) format lint --strict --recursive $(FORMAT_PATHS) 2>&1 | grep -Ev '$(LAYOUT_FINDINGS)'); \
	if [ -n "$$out" ]; then printf '%s\n' "$$out"; echo "format-check failed: make format FORMAT_PATHS=FILE fixes most of these (see CONTRIBUTING.md)"; exit 1; fi

release: deps
	$(SWIFT) build -c release

clean:
	rm -rf .build

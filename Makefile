# Chengxin — build, demo and tests. See README.md.
SWIFT ?= swift
APT_PACKAGES := libncursesw5-dev libsqlite3-dev sqlite3 tmux locales luit \
  weasyprint fonts-wqy-microhei poppler-utils cups cups-client printer-driver-cups-pdf
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/chengxin

.PHONY: deps build demo test release clean

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
test: deps
	$(SWIFT) build --build-tests
	timeout 2400 $(SWIFT) test --skip-build

release: deps
	$(SWIFT) build -c release

clean:
	rm -rf .build

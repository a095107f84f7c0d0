#!/bin/sh
# Install Debian's chromium for the browser tests (tests/test_web_browser.py), if missing.
# Needs root (CI runs as root) or sudo; without either it says so and exits 0, and the
# browser tests skip with that reason. Uses only the Debian archive, no other download.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "setup-browser: not root and no sudo; the browser tests will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "setup-browser: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)" >&2

#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (Playwright drives
# it; Playwright's own browser download is never used). Installs it with apt-get when running as
# root; otherwise says what to install.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "ensure-chromium: $CHROMIUM not found; installing the chromium package with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if [[ ! -x "$CHROMIUM" ]]; then
    echo "ensure-chromium: $CHROMIUM not found. Install Chromium, e.g. 'sudo apt-get install chromium'." >&2
    exit 1
fi

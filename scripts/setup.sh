#!/usr/bin/env bash
# Install everything fupin-docs needs on a fresh Debian/Ubuntu machine:
# LibreOffice (PDF output and visual checks), CJK fonts, poppler-utils, Chromium (browser
# tests of the web page; Playwright drives Debian's chromium, never its own download), and the package
# itself with its development tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_apt=0
for cmd in soffice pdftotext pdftoppm pdffonts fc-match chromium; do
  command -v "$cmd" >/dev/null 2>&1 || need_apt=1
done
fc-list :lang=zh 2>/dev/null | grep -qi "Noto Serif CJK" || need_apt=1
# CJK extension B characters (𠀀) and emoji (😀) in PDFs: Hanazono and the emoji fonts
fc-list 2>/dev/null | grep -qi "HanaMinB" || need_apt=1
fc-list 2>/dev/null | grep -qi "Symbola" || need_apt=1
if [ "$need_apt" = 1 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui \
    fonts-noto-cjk fonts-hanazono fonts-symbola fonts-noto-color-emoji \
    poppler-utils fontconfig chromium >/dev/null
fi

python3 -m pip install --quiet --upgrade pip
python3 -m pip install --quiet -e '.[dev]'

#!/bin/sh
# Make sure the fonts the PDF course pack embeds are installed (`make pdf` runs this).
# The book's glossary and chapters carry Chinese characters (昆山, ...); the PDF embeds a
# CJK font for them, Debian's `fonts-noto-cjk` (Noto Sans/Serif CJK, SIL Open Font Licence).
# Debian/Ubuntu as root: installs the package with apt-get, as scripts/ensure-chromium.sh
# installs chromium. Otherwise: stops with a clear message (never skips silently, never
# builds a PDF with empty boxes in place of the Chinese characters).
set -e
if command -v fc-list >/dev/null 2>&1 && fc-list ':lang=zh-cn' family | grep -q 'Noto Sans CJK'; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Noto CJK fonts not found: installing Debian's fonts-noto-cjk package (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null
    fc-cache -f >/dev/null 2>&1 || true
    if fc-list ':lang=zh-cn' family | grep -q 'Noto Sans CJK'; then
        exit 0
    fi
    echo "ERROR: fonts-noto-cjk installed, but fontconfig does not list Noto Sans CJK." >&2
    exit 1
fi
echo "ERROR: the PDF course pack needs a CJK font (Noto Sans CJK) and none was found." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts)." >&2
exit 1

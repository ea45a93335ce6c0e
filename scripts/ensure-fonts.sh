#!/bin/sh
# Make sure the fonts the book is laid out with and the PDF course pack embeds are installed
# (`make book`, `make pdf` and `make test` run this). Debian/Ubuntu packages, one per need:
#   fonts-noto-cjk     Noto Serif/Sans CJK: the Chinese characters of the glossary and chapters,
#                      and the Chinese chart labels vl-convert measures when it draws the
#                      Chinese edition's charts (that build stops, naming `make fonts`, without)
#   fonts-dejavu-extra DejaVu Math TeX Gyre: the MathML maths (an OpenType MATH font)
#   fonts-liberation   Liberation Sans: the chart labels, in the metrics vl-convert drew them with
# As root, or with password-less sudo (GitHub's runners), the missing ones are installed with
# apt-get, as scripts/ensure-chromium.sh installs chromium. Otherwise it stops with a clear
# message: it never skips, and never lets a PDF print empty boxes for Chinese characters.
set -e
if [ "$(uname -s)" != "Linux" ]; then
    # macOS, Windows: no Debian packages to install. The Chinese build still checks that
    # vl-convert finds a Chinese font (PingFang SC on macOS), and the PDF finds its fonts
    # through fontconfig (fc-match), each stopping with a message naming what is missing.
    echo "ensure-fonts: not Linux, nothing installed (the builds check their fonts themselves)"
    exit 0
fi
missing=""
has() { command -v fc-list >/dev/null 2>&1 && fc-list : family | grep -q "$1"; }
has 'Noto Serif CJK SC' && has 'Noto Sans CJK SC' || missing="$missing fonts-noto-cjk"
has 'DejaVu Math TeX Gyre' || missing="$missing fonts-dejavu-extra"
has 'Liberation Sans' || missing="$missing fonts-liberation"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    SUDO="none"
fi
if [ "$SUDO" != "none" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Fonts for the book's charts and PDF not found: installing$missing (apt-get)..."
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig $missing >/dev/null
    $SUDO fc-cache -f >/dev/null 2>&1 || true
    if has 'Noto Serif CJK SC' && has 'DejaVu Math TeX Gyre' && has 'Liberation Sans'; then
        exit 0
    fi
    echo "ERROR: installed$missing, but fontconfig does not list the fonts." >&2
    exit 1
fi
echo "ERROR: the book (Chinese chart labels) and the PDF course pack need these font packages:$missing" >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install$missing)." >&2
exit 1

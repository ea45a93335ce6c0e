#!/bin/sh
# Make sure a Chromium the browser test can launch is installed.
# Debian/Ubuntu as root: installs the distribution's `chromium` package.
# Otherwise: stops with a clear message (the browser test never skips).
set -e
for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
        exit 0
    fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium not found: installing Debian's chromium package (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "ERROR: the browser test needs Chromium and none was found." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM=/path/to/chrome." >&2
exit 1

#!/bin/sh
# The whole test suite. The HTML report is tested in a real browser: Debian's chromium,
# installed here when missing (as root, from Debian's packages).
set -e
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the HTML report test (apt-get)..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq chromium >/dev/null
  else
    echo "the HTML report test needs chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
exec python -m pytest "$@"

# Shared by demo.sh and test.sh: install what is missing, then configure and build.
# Sourced, not run; expects `set -euo pipefail` from the caller.

TMKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMKIT_BUILD="${TMKIT_BUILD:-$TMKIT_ROOT/build}"

# Debian 12 packages the build and the tests need.
TMKIT_PACKAGES=(cmake ninja-build g++ pkg-config libicu-dev liblmdb-dev libpugixml-dev
  libcli11-dev catch2 libxml2-utils python3 clang-format)

# Real clients the test suite checks tmkit's files and reports against (scripts/test.sh only):
# OmegaT opens exported TMX, Translate Toolkit (Debian's /usr/bin/python3) reads TMX and XLIFF,
# headless Chromium drives the HTML review report (a CJK font so its screenshot shows the text).
TMKIT_TEST_PACKAGES=(omegat translate-toolkit python3-translate chromium fonts-wqy-microhei)

tmkit_missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

tmkit_install_packages() {
  local missing
  missing=$(tmkit_missing_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "tmkit needs these Debian packages: $missing" >&2
    echo "install them with:  sudo apt-get install -y $missing" >&2
    exit 1
  fi
  echo "== installing $missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

tmkit_build() {
  echo "== configuring and building in $TMKIT_BUILD"
  cmake -S "$TMKIT_ROOT" -B "$TMKIT_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DTMKIT_WARNINGS_AS_ERRORS=ON "$@" >/dev/null
  cmake --build "$TMKIT_BUILD" --parallel "$(nproc)"
}

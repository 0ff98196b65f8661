#!/usr/bin/env bash
# Installs what is missing, builds tmkit with its tests, and runs the whole suite with ctest.
# Usage: scripts/test.sh [ctest arguments...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

tmkit_install_packages "${TMKIT_PACKAGES[@]}"
tmkit_build
echo "== running the test suite"
cd "$TMKIT_BUILD"
ctest --output-on-failure --parallel "$(nproc)" "$@"

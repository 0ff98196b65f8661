#!/bin/sh
# Builds and runs the segmentation benchmark (one core): ./bench/segment/run.sh [build-dir]
set -e
build="${1:-build}"
cmake --build "$build" --target tmkit_segment_bench
"$build/bench/segment/tmkit_segment_bench"

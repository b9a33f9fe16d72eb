#!/usr/bin/env bash
# Installs everything the tests need from the lockfile, builds, type-checks and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm test

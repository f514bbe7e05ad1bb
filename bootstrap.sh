#!/usr/bin/env bash
# Set up a fresh Debian machine (Python 3.11) for this project, idempotently:
# a virtualenv in .venv with the pinned requirements; with --dev, the npm tools of the tests
# and GNU Mailman in .venv-listserver.
#   ./bootstrap.sh         runtime only (build, serve): Python packages, nothing from npm
#   ./bootstrap.sh --dev   runtime + tests, lint and the local web editor (invoke editeur)
set -euo pipefail
cd "$(dirname "$0")"

requirements=requirements.txt
if [ "${1:-}" = "--dev" ]; then
  requirements=requirements-dev.txt
fi

# Debian packages the project needs: Python's venv; with --dev, npm and the quality checks' tools.
apt_packages=()
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt_packages+=(python3-venv)
fi
if [ "$requirements" = requirements-dev.txt ]; then
  command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
  # Site quality checks (python -m quality): a browser for Playwright (never
  # `playwright install`), Java for the Nu HTML checker (npm installs it).
  command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
  command -v java >/dev/null 2>&1 || apt_packages+=(default-jre-headless)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${apt_packages[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
# This project's packages (catalyst, plugins, quality), installed in place: edits need no reinstall.
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
if [ "$requirements" = requirements-dev.txt ]; then
  # decap-server, the web editor's local backend (invoke editeur, tests), pinned in
  # plugins/web_editor/package-lock.json; Decap CMS itself is kept in plugins/web_editor/decap/.
  npm ci --prefix plugins/web_editor --ignore-scripts --no-audit --no-fund --loglevel=error
  # vnu.jar, pinned in quality/package-lock.json; its install script would download a JRE.
  npm ci --prefix quality --ignore-scripts --no-audit --no-fund --loglevel=error
  # GNU Mailman 3, the list server the letter's tests start, in a virtualenv of its own.
  if [ ! -x .venv-listserver/bin/python ]; then
    python3 -m venv .venv-listserver
  fi
  .venv-listserver/bin/python -m pip install --quiet --disable-pip-version-check -r tests/listserver/requirements.txt
fi

#!/usr/bin/env bash
# Idempotent set-up for healthcheck, called by every `make` target that needs it.
#
#   scripts/bootstrap.sh                 system packages + uv + .venv (uv sync --frozen)
#   scripts/bootstrap.sh --group lab     ... and the `lab` dependency group (kept on later syncs)
#   scripts/bootstrap.sh --system-only   only the Debian/Ubuntu packages (CI workflow)
#   scripts/bootstrap.sh uv ARGS...      run uv (installing it first if missing)
#
# A second run installs nothing: the system check is one `dpkg-query` call and the
# venv check compares the stamp .venv/.synced with uv.lock and pyproject.toml.
# Set HEALTHCHECK_SKIP_SYSTEM_PACKAGES=1 to skip the system-package check (e.g. a
# non-Debian machine where you installed Pango, HarfBuzz and the fonts yourself).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# What the report needs from the system: Noto Sans/Serif CJK SC, WeasyPrint's
# Pango + HarfBuzz-subset, and for the tests pdftotext/pdftoppm and a headless
# Chromium (report.html in a real browser: tests/report/test_html_browser.py;
# Debian's package `chromium`, unless a Chromium or Chrome is already installed), and
# LibreOffice Calc without a GUI to open the Excel forms (tests/forms/test_write.py; Debian's
# `libreoffice-calc-nogui`, about a minute to install, unless a `soffice` is already there).
SYSTEM_PACKAGES=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
BROWSERS=(chromium chromium-browser google-chrome google-chrome-stable)
VENV=.venv
STAMP=$VENV/.synced # its lines: the extra dependency groups synced into .venv

say() { printf 'bootstrap: %s\n' "$*"; }
die() {
    printf 'bootstrap: %s\n' "$*" >&2
    exit 1
}

is_root() { [[ $(id -u) -eq 0 ]]; }

APT_UPDATED=0
CHANGED=0
apt_install() { # root only
    export DEBIAN_FRONTEND=noninteractive
    if [[ $APT_UPDATED -eq 0 ]]; then
        say "apt-get update"
        apt-get update -q
        APT_UPDATED=1
    fi
    say "apt-get install -y --no-install-recommends $*"
    apt-get install -y -q --no-install-recommends "$@" </dev/null
}

ensure_system_packages() {
    if [[ ${HEALTHCHECK_SKIP_SYSTEM_PACKAGES:-0} == 1 ]]; then
        return 0
    fi
    if ! command -v dpkg-query >/dev/null 2>&1; then
        die "no dpkg: automatic set-up supports Debian/Ubuntu only; install Pango, HarfBuzz (hb-subset), Noto CJK fonts and poppler (pdftotext) yourself, or use environment.yml, then re-run with HEALTHCHECK_SKIP_SYSTEM_PACKAGES=1"
    fi
    local -A installed=()
    local name abbrev p b
    for b in "${BROWSERS[@]}" ''; do
        [[ -z $b ]] && SYSTEM_PACKAGES+=(chromium) && break
        command -v "$b" >/dev/null 2>&1 && break
    done
    command -v soffice >/dev/null 2>&1 || SYSTEM_PACKAGES+=(libreoffice-calc-nogui)
    # One call for all packages; a package that dpkg has never seen is simply absent
    # from the output, one that was removed shows a status other than "ii".
    while read -r name abbrev; do
        [[ $abbrev == ii ]] && installed[${name%%:*}]=1
    done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${SYSTEM_PACKAGES[@]}" 2>/dev/null || true)
    MISSING=()
    for p in "${SYSTEM_PACKAGES[@]}"; do
        [[ -n ${installed[$p]:-} ]] || MISSING+=("$p")
    done
    [[ ${#MISSING[@]} -eq 0 ]] && return 0
    if is_root; then
        say "missing system packages: ${MISSING[*]}"
        CHANGED=1
        apt_install "${MISSING[@]}"
    else
        die "missing system packages; run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${MISSING[*]}"
    fi
}

find_uv() {
    local c
    for c in "$(command -v uv 2>/dev/null || true)" "$HOME/.local/bin/uv"; do
        if [[ -n $c && -x $c ]]; then
            UV=$c
            return 0
        fi
    done
    return 1
}

ensure_uv() {
    find_uv && return 0
    command -v python3 >/dev/null 2>&1 || die "neither uv nor python3 found; install python3 (3.11+) first"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            apt_install python3-pip
        else
            die "uv is missing and python3 has no pip; run: sudo apt-get install -y python3-pip (or install uv yourself)"
        fi
    fi
    local args=(install --quiet uv) bindir
    # Inside an activated virtualenv pip refuses --user: install into that env then.
    if python3 -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
        bindir=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
    else
        args+=(--user)
        bindir=$(python3 -m site --user-base)/bin
        # Debian 12 / Ubuntu 23.04+ mark the system python as externally managed
        # (PEP 668); uv is a self-contained binary, so ~/.local is a safe place for it.
        if python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
            args+=(--break-system-packages)
        fi
    fi
    say "uv not found; python3 -m pip ${args[*]}"
    python3 -m pip "${args[@]}"
    [[ -x $bindir/uv ]] || die "pip installed uv but $bindir/uv is not there"
    UV=$bindir/uv
}

ensure_venv() {
    local -a want=("$@") have=() groups=()
    local g
    if [[ -f $STAMP ]]; then
        mapfile -t have <"$STAMP"
    fi
    # Groups synced before stay (uv sync removes what it is not asked for).
    for g in "${have[@]}" "${want[@]}"; do
        [[ -z $g || " ${groups[*]} " == *" $g "* ]] || groups+=("$g")
    done
    if [[ -x $VENV/bin/python && -f $STAMP && $STAMP -nt uv.lock && $STAMP -nt pyproject.toml &&
        ${#groups[@]} -eq ${#have[@]} ]]; then
        return 0 # up to date
    fi
    CHANGED=1
    ensure_uv
    local args=(sync --frozen)
    for g in "${groups[@]}"; do args+=(--group "$g"); done
    say "$([[ -d $VENV ]] && echo updating || echo creating) $VENV: uv ${args[*]}"
    # Always the project's .venv (the Makefile runs .venv/bin/...), whatever the shell has activated.
    env -u VIRTUAL_ENV -u UV_PROJECT_ENVIRONMENT "$UV" "${args[@]}"
    if [[ ${#groups[@]} -gt 0 ]]; then printf '%s\n' "${groups[@]}"; fi >"$STAMP"
    say "$VENV ready"
}

main() {
    local -a groups=()
    case ${1:-} in
    uv)
        shift
        ensure_uv
        exec "$UV" "$@"
        ;;
    --system-only)
        ensure_system_packages
        return 0
        ;;
    esac
    while [[ $# -gt 0 ]]; do
        case $1 in
        --group)
            [[ $# -ge 2 ]] || die "--group needs a name"
            groups+=("$2")
            shift 2
            ;;
        *) die "unknown argument: $1 (see the header of $0)" ;;
        esac
    done
    ensure_system_packages
    ensure_venv "${groups[@]}"
    if [[ $CHANGED -eq 0 ]]; then
        say "nothing to install (system packages present, $VENV up to date)"
    fi
}

main "$@"

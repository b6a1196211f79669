#!/usr/bin/env bash
# `make check-fresh`: the README's promise that a fresh Debian 12 machine needs nothing but the
# clone and `make demo`. Run by hand (root), before a release and when the set-up changes; not
# in CI. It
#   1. builds a clean Debian 12 root: `debootstrap --variant=minbase bookworm ROOT MIRROR`, MIRROR
#      being the Debian mirror of this machine's apt sources (whose Debian entries, main, updates
#      and security, become the root's sources);
#   2. in `chroot ROOT`: `apt-get install make git`, which the two commands take for granted, then
#      `git clone` of this repository (bind-mounted read-only) into /root/pyodide-ajax;
#   3. there runs `make demo` and nothing else: every other package, venv, npm tarball and wheel
#      has to come from the project's own set-up (`make setup` -> tools/install-prereqs.sh,
#      tools/install-browser.sh, .venv, tools/fetch-pyodide.sh, ...);
#   4. writes docs/figures/check-fresh.md: the time of each phase (from the time stamps of the
#      lines that `make demo` printed) and what it downloaded: the size of apt's new .deb files
#      in the root, and this machine's network counter (received bytes, every interface but lo),
#      which is the only measure for PyPI here (pip's cache stays empty when the responses carry
#      no cache headers, as behind this network's proxy) but also counts the apt index files and
#      whatever else the machine receives meanwhile. Logs: artifacts/check-fresh/.
# The clone is the committed HEAD. CHECK_FRESH_SOURCE=worktree copies the working tree's files
# on top (`git ls-files -co --exclude-standard`: tracked and untracked-not-ignored), to check
# uncommitted set-up changes. The root is deleted at the end (CHECK_FRESH_KEEP=1 keeps it); it
# lives in CHECK_FRESH_DIR (default /tmp/pyodide-ajax-fresh, outside the clone, so that no
# `make clean` runs into it) and takes about 2.5 GB.
# Everything runs in a private mount namespace (`unshare --mount`): the mounts of the root
# (/proc, /sys, /dev/shm, the repository) are never seen by the machine, and vanish with it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
root="${CHECK_FRESH_DIR:-/tmp/pyodide-ajax-fresh}"
root="${root%/}"
source_mode="${CHECK_FRESH_SOURCE:-head}"
suite=bookworm
out="$repo/docs/figures/check-fresh.md"
logs="$repo/artifacts/check-fresh"
[ "$(id -u)" -eq 0 ] || { echo "check-fresh: run as root (debootstrap, mount, chroot)" >&2; exit 1; }
case "$root" in /*) ;; *) echo "check-fresh: CHECK_FRESH_DIR must be absolute" >&2; exit 1 ;; esac
case "$root" in /|/root|/home|/var|/var/tmp|/tmp|/work|"$repo"|"$repo"/*)
  echo "check-fresh: refusing CHECK_FRESH_DIR=$root" >&2; exit 1 ;; esac
case "$source_mode" in head|worktree) ;; *)
  echo "check-fresh: CHECK_FRESH_SOURCE is head or worktree" >&2; exit 1 ;; esac
if [ -z "${CHECK_FRESH_NS:-}" ]; then
  exec unshare --mount --propagation private env CHECK_FRESH_NS=1 "$repo/tools/check-fresh.sh" "$@"
fi

mounted() { findmnt -rn -o TARGET | grep -E "^$root(/|$)" || true; }
# shellcheck disable=SC2317  # (reached through the trap, after the exec above)
cleanup() {
  # Processes still running in the root (a server, a browser) were started by this script.
  local p
  for p in /proc/[0-9]*; do
    if [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ]; then kill -9 "${p#/proc/}" 2>/dev/null || true; fi
  done
  sleep 1
  findmnt -rn -o TARGET | grep -E "^$root(/|$)" | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if [ -n "$(mounted)" ]; then
    echo "check-fresh: still mounted, not deleting $root:" >&2; mounted >&2
  elif [ "${CHECK_FRESH_KEEP:-0}" = 1 ]; then
    echo "check-fresh: kept $root"
  elif [ -d "$root" ]; then
    rm -rf --one-file-system "$root"
  fi
}
[ -z "$(mounted)" ] || { echo "check-fresh: something is mounted under $root:" >&2; mounted >&2; exit 1; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq -o DPkg::Lock::Timeout=600
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 debootstrap >/dev/null
fi

# The machine's apt sources (one-line and deb822): `mirror` prints the URI of the entry for
# `bookworm main`; `write ROOT` writes ROOT/etc/apt/sources.list with every Debian bookworm entry
# (bookworm, -updates, -security) whose keyring ROOT has.
sources() {
  python3 - "$1" "$suite" "${2:-}" <<'EOF'
import glob, os, re, sys
mode, suite, target = sys.argv[1:4]
entries = []  # (types, uris, suites, components, signed_by)
for path in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*.list"))]:
    if os.path.isfile(path):
        for line in open(path, encoding="utf-8"):
            m = re.match(r"(deb)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)", line.split("#")[0].strip())
            if m:
                opts = dict(o.split("=", 1) for o in (m[2] or "").split() if "=" in o)
                entries.append(([m[1]], [m[3]], [m[4]], m[5].split(), opts.get("signed-by")))
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in re.split(r"\n\s*\n", open(path, encoding="utf-8").read()):
        fields = {}
        for line in stanza.splitlines():
            if not line.startswith("#") and ":" in line:
                key, _, value = line.partition(":")
                fields[key.strip().lower()] = value.split()
        if fields.get("enabled", ["yes"])[0].lower() != "no" and "uris" in fields:
            entries.append((fields.get("types", []), fields["uris"], fields.get("suites", []),
                            fields.get("components", []), fields.get("signed-by", [None])[0]))
ours = [e for e in entries if "deb" in e[0] and any(s.split("-")[0] == suite for s in e[2])]
if mode == "mirror":
    main = [e for e in ours if suite in e[2] and "main" in e[3]]
    print(main[0][1][0] if main else "")
else:
    with open(os.path.join(target, "etc/apt/sources.list"), "w", encoding="utf-8") as f:
        for _types, uris, suites, comps, signed in ours:
            if signed and not os.path.exists(os.path.join(target, signed.lstrip("/"))):
                continue
            opt = f"[signed-by={signed}] " if signed else ""
            for uri in uris:
                for s in suites:
                    if s.split("-")[0] == suite:
                        f.write(f"deb {opt}{uri} {s} {' '.join(comps)}\n")
EOF
}
mirror="$(sources mirror)"
[ -n "$mirror" ] || { echo "check-fresh: no Debian $suite mirror in /etc/apt/sources*" >&2; exit 1; }

# Measures: MB of files; the machine's network counter (received bytes of every interface but lo).
mb() { { du -scm --apparent-size "$@" 2>/dev/null || true; } | awk 'END {print $1 + 0}'; }
debs_mb() { mb "$root"/var/cache/apt/archives/*.deb; }
debs_n() { find "$root/var/cache/apt/archives" -maxdepth 1 -name '*.deb' | wc -l; }
rx() { awk -F'[: ]+' 'NR > 2 && $2 != "lo" {s += $3} END {printf "%.0f\n", s}' /proc/net/dev; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", b - a}'; }
mbs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", (b - a) / 1e6}'; }
# In the root: a clean environment, as a login shell of a fresh machine has it. The one addition:
# this machine's CA bundle for npm, Node and pip (the network here re-signs TLS; the root's own
# bundle would fail them with SELF_SIGNED_CERT_IN_CHAIN / CERTIFICATE_VERIFY_FAILED).
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_EXTRA_CA_CERTS=/etc/host-ca.crt npm_config_cafile=/etc/host-ca.crt \
    PIP_CERT=/etc/host-ca.crt SSL_CERT_FILE=/etc/host-ca.crt \
    bash -c "$1"
}
# Runs a command in the root, each line of its output stamped with the time, the network counter
# and the MB of .deb files in the root (for the phases of `make demo`), into $logs/$1.log.
stamped() {
  local name="$1" cmd="$2" status=0
  echo "check-fresh: --- $cmd"
  { in_root "$cmd" 2>&1 || status=$?; echo "check-fresh-exit $status"; } |
    while IFS= read -r line; do printf '%s %s %s %s\n' "$(now)" "$(rx)" "$(debs_mb)" "$line"; done |
    tee "$logs/$name.log" | cut -d' ' -f4-
  status="$(sed -n 's/.* check-fresh-exit //p' "$logs/$name.log")"
  return "$status"
}

rm -rf "$logs" && mkdir -p "$logs"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)" t_start="$(now)"
rm -rf --one-file-system "$root"
mkdir -p "$root"
echo "check-fresh: debootstrap --variant=minbase $suite $root $mirror"
t0="$(now)" r0="$(rx)"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
  { tail -20 "$logs/debootstrap.log" >&2; exit 1; }
t1="$(now)" r1="$(rx)"
base_debs_mb="$(debs_mb)" base_debs_n="$(debs_n)" base_mb="$(mb "$root")"
rm -f "$root"/var/cache/apt/archives/*.deb   # from here on, the .deb files are the set-up's

sources write "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
[ -s "$root/etc/hosts" ] || printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >"$root/etc/hosts"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/host-ca.crt"
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o size=2g,mode=1777 tmpfs "$root/dev/shm"   # Chromium's shared memory
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"   # apt, dpkg
ln -sf pts/ptmx "$root/dev/ptmx"
mkdir -p "$root/mnt/repo"
mount --bind "$repo" "$root/mnt/repo"
mount -o remount,bind,ro "$root/mnt/repo"

t2="$(now)" r2="$(rx)"
stamped make-git "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends make git >/dev/null && make --version | head -1 && git --version"
t3="$(now)" r3="$(rx)"
make_git_debs_mb="$(debs_mb)" make_git_debs_n="$(debs_n)"
in_root "git config --global --add safe.directory /mnt/repo/.git &&
  git config --global --add safe.directory /mnt/repo &&
  git clone -q --no-hardlinks /mnt/repo /root/pyodide-ajax"
commit="$(in_root "git -C /root/pyodide-ajax rev-parse --short HEAD")"
source_note="the committed HEAD ($commit)"
if [ "$source_mode" = worktree ]; then
  changed="$(git status --porcelain --untracked-files=normal | wc -l)"
  git ls-files -co --exclude-standard -z |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$root/root/pyodide-ajax"
  source_note="HEAD ($commit) plus the working tree's $changed uncommitted changes (CHECK_FRESH_SOURCE=worktree)"
fi
umount "$root/mnt/repo"

t4="$(now)" r4="$(rx)" d4="$(debs_mb)"
demo_status=0
stamped make-demo "cd /root/pyodide-ajax && make demo" || demo_status=$?
t5="$(now)" r5="$(rx)" d5="$(debs_mb)"
node_version="$(in_root "node --version" || echo none)"
node_path="$(in_root "command -v node" || echo none)"
debs_total_mb="$(debs_mb)" debs_total_n="$(debs_n)"
npm_mb="$(mb "$root/root/.npm")"
venv_mb="$(mb "$root/root/pyodide-ajax/.venv")" cache_mb="$(mb "$root/root/pyodide-ajax/.cache")"
root_mb="$(mb "$root")"
demo_line="$(grep -E ' [0-9]+/[0-9]+ examples ok' "$logs/make-demo.log" | tail -1 | cut -d' ' -f4- || true)"

# The phases of `make demo`, from the first line that each one prints (its own, or make's echo
# of its first command); a phase ends where the next one that printed starts.
phases="$(python3 - "$logs/make-demo.log" "$t4" "$r4" "$d4" "$t5" "$r5" "$d5" <<'EOF'
import re, sys
log = sys.argv[1]
begin = (float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
end = (float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
marks = [  # (regex on a line, phase)
    (r"^install-prereqs: apt-get install", "apt: the prerequisites (tools/install-prereqs.sh)"),
    (r"^install-prereqs: node is", "npm: Node 20 (`npm install -g node@20...`, tools/install-prereqs.sh)"),
    (r"^install-browser: apt-get install", "apt: chromium, chromium-driver (tools/install-browser.sh)"),
    (r" -m venv ", "venv + pip: `.venv` from PyPI (requirements-dev.txt)"),
    (r"^rm -rf dist$", "our wheel (`python -m build`)"),
    (r"^tools/fetch-pyodide\.sh", "npm: the Pyodide core (`npm pack pyodide@...`, sha256 checked)"),
    (r" -m pip download ", "pip: the pure wheels for inside Pyodide"),
    (r"tools/make_dist\.py", "the dist folder (tools/make_dist.py)"),
    (r" -m tools\.demo ", "the demo: every example in headless Chromium"),
]
found: list[tuple[str, tuple[float, int, int]]] = []
for raw in open(log, encoding="utf-8", errors="replace"):
    t, r, d, line = (raw.rstrip("\n").split(" ", 3) + ["", "", ""])[:4]
    for rx_, name in marks:
        if re.search(rx_, line) and name not in [f[0] for f in found]:
            found.append((name, (float(t), int(r), int(d))))
if found:
    # Before the first mark: make's own start (the Makefile's $(shell ...), `make prereqs` checks).
    found[0] = (found[0][0], begin)
found.append(("end", end))
for (name, (t, r, d)), (_n, (t2, r2, d2)) in zip(found, found[1:]):
    print(f"| {name} | {t2 - t:.0f} s | {d2 - d} | {(r2 - r) / 1e6:.0f} |")
EOF
)"

mkdir -p "$(dirname "$out")"
{
  echo "<!-- written by tools/check-fresh.sh (\`make check-fresh\`); do not edit by hand -->"
  echo "\`make check-fresh\` of $(date -u '+%Y-%m-%d %H:%M UTC'): a clean Debian 12 root"
  echo "(\`debootstrap --variant=minbase $suite\`) entered with \`chroot\`; \`apt-get install make git\`;"
  echo "\`git clone\` of $source_note; then \`make demo\`,"
  echo "which exited **$demo_status**$( [ -n "$demo_line" ] && printf ' (%s)' "$demo_line")."
  echo "Machine: $(nproc) cores, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo "\`node\` in the root afterwards: $node_version ($node_path)."
  echo
  echo "| phase | time | new .deb (MB) | network (MB) |"
  echo "| --- | --: | --: | --: |"
  echo "| \`debootstrap --variant=minbase $suite\`: the base system, $base_debs_n packages | $(secs "$t0" "$t1") s | $base_debs_mb | $(mbs "$r0" "$r1") |"
  echo "| \`apt-get install make git\` (by check-fresh, before the clone), $make_git_debs_n packages | $(secs "$t2" "$t3") s | $make_git_debs_mb | $(mbs "$r2" "$r3") |"
  echo "| **\`make demo\`, from nothing but the clone** | **$(secs "$t4" "$t5") s** | **$((d5 - d4))** | **$(mbs "$r4" "$r5")** |"
  printf '%s\n' "$phases" | sed 's/^| /| ↳ /'
  echo "| all of it (with the mounts, the clone, this report) | $(secs "$t_start" "$(now)") s | $((base_debs_mb + debs_total_mb)) | $(mbs "$r0" "$(rx)") |"
  echo
  echo "\`make demo\` installed $((debs_total_n - make_git_debs_n)) Debian packages. npm's cache in the root holds $npm_mb MB (Node 20 and"
  echo "the Pyodide core). PyPI's share is in the network column only (pip's cache stays empty here:"
  echo "the responses carry no cache headers behind this network's proxy); that column is the"
  echo "machine's counter, so it also counts the apt index files and anything else the machine received"
  echo "meanwhile. On disk afterwards: the root $root_mb MB (the base system $base_mb MB), of which the"
  echo "clone's \`.venv\` $venv_mb MB and \`.cache\` $cache_mb MB."
} >"$out"
echo
cat "$out"
echo "check-fresh: wrote ${out#"$repo"/}; logs in ${logs#"$repo"/}/"
exit "$demo_status"

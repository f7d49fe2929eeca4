#!/usr/bin/env bash
# Make the Debian 12 (bookworm) base image stc-base:bookworm from Debian's own packages, for a
# Docker host that reaches Debian's package mirror but no image registry:
#   debootstrap --variant=minbase bookworm <tree> <mirror>, then docker import.
# The mirror is the one this host's apt uses (or STC_DEBIAN_MIRROR). The tree is made in a
# temporary folder and removed. Usage: bash deploy/base-image.sh [IMAGE]   (as root)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
image=${1:-$STC_BASE}

# The Debian mirror apt uses here: deb822 (sources.list.d/*.sources) or one-line sources.
apt_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {uri=$2} /^Suites:/ && / bookworm( |$)/ && uri {print uri; exit}' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}
mirror=${STC_DEBIAN_MIRROR:-$(apt_mirror)}
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"

tree=$(mktemp -d /var/tmp/stc-base.XXXXXX)
trap 'rm -rf "$tree"' EXIT
bootstrap() {
  debootstrap --variant=minbase bookworm "$tree" "$mirror" >"$tree.log" 2>&1 \
    || { tail -20 "$tree.log" >&2; die "debootstrap failed (log: $tree.log)"; }
  rm -f "$tree.log"
}
phase "debootstrap bookworm from $mirror" bootstrap
# apt in the image: the same mirror, with bookworm's updates and security fixes.
printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" > "$tree/etc/apt/sources.list"
case "$mirror" in
  */debian|*/debian/) echo "deb ${mirror%/}-security bookworm-security main" >> "$tree/etc/apt/sources.list" ;;
esac
# no recommended packages, no documentation in the images built on it
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$tree/etc/apt/apt.conf.d/90stc-no-recommends"
printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\n' \
  > "$tree/etc/dpkg/dpkg.cfg.d/90stc-no-docs"
rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/* "$tree"/usr/share/doc/* "$tree"/usr/share/man/*
import() {
  tar --numeric-owner -C "$tree" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["bash"]' -m "debootstrap --variant=minbase bookworm $mirror" - "$image" >/dev/null
}
phase "docker import as $image" import
say "$image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"

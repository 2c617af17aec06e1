#!/usr/bin/env bash
# The daemons of the end-to-end suite (tests/DomainCpu.EndToEnd): libvirt's own virtlogd and libvirtd (the system
# QEMU driver, qemu:///system), with `domaincpu hook` installed in /etc/libvirt/hooks/qemu.d before they start, as
# docs/hook.md installs it. Needs root. Everything it changes is put back by `stop`.
#
#   tools/e2e/daemons.sh start STATE DOMAINCPU   install DOMAINCPU (the binary) as the hook, start the daemons;
#                                                STATE (a new folder) keeps their pid files and what to put back
#   tools/e2e/daemons.sh stop STATE              destroy the suite's guests, stop the daemons, remove the hook,
#                                                put /dev/kvm back
#
# /dev/kvm: without udev it is root:root 0600 here, so libvirt's QEMU user cannot open it while libvirt's probe (run
# with root's capabilities) can; libvirt then finds its QEMU capabilities cache outdated on every lookup and
# re-probes QEMU for seconds each time. `start` gives it root:kvm 0660 as a Debian host has it, and `stop` puts the
# owner and mode back. The cache (/var/cache/libvirt/qemu) is kept between runs: a warm cache is what the hook reads.
set -uo pipefail

HOOK_DIR=/etc/libvirt/hooks/qemu.d
HOOK=$HOOK_DIR/domaincpu
URI=qemu:///system

die() { echo "daemons.sh: $*" >&2; exit 1; }

virsh_quiet() { virsh -c "$URI" "$@" >/dev/null 2>&1; }

start() {
    local state=$1 binary=$2
    [ "$(id -u)" = 0 ] || die "needs root"
    [ -x "$binary" ] || die "$binary: not an executable"
    command -v libvirtd >/dev/null && command -v virtlogd >/dev/null || die "libvirtd and virtlogd are not installed"
    if virsh_quiet version; then die "a libvirtd already answers on $URI: stop it first"; fi
    [ -e "$state" ] && die "$state exists: give a new folder"
    mkdir -p "$state" || die "cannot create $state"
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

    if [ -e /dev/kvm ]; then
        stat -c '%u:%g %a' /dev/kvm > "$state/kvm"
        chown root:kvm /dev/kvm && chmod 0660 /dev/kvm || die "cannot set /dev/kvm to root:kvm 0660"
    fi

    for d in /etc/libvirt/hooks "$HOOK_DIR" /var/log/libvirt; do
        [ -d "$d" ] || { mkdir -p "$d" && echo "$d" >> "$state/created"; }
    done
    [ -e "$HOOK" ] && { cp -p "$HOOK" "$state/hook.saved" || die "cannot save the existing $HOOK"; }
    printf '#!/bin/sh\nexec %s hook "$@"\n' "$binary" > "$HOOK" && chmod 755 "$HOOK" || die "cannot install $HOOK"
    echo "$HOOK" > "$state/hook"

    # libvirtd reads the hook folder when it starts: the hook is in place first.
    virtlogd -d -p "$state/virtlogd.pid" || die "virtlogd did not start"
    libvirtd -d -p "$state/libvirtd.pid" || die "libvirtd did not start"
    local i
    for i in $(seq 1 120); do
        virsh_quiet version && break
        sleep 0.5
    done
    virsh_quiet version || die "libvirtd does not answer on $URI"
    # Probe QEMU now (once, when the cache is cold) rather than inside the first guest's start.
    local arch
    for arch in x86_64:x86_64 i386:i686; do
        [ -x "/usr/bin/qemu-system-${arch%:*}" ] || continue
        virsh -c "$URI" domcapabilities --emulatorbin "/usr/bin/qemu-system-${arch%:*}" --arch "${arch#*:}" --virttype qemu >/dev/null ||
            die "libvirt cannot probe /usr/bin/qemu-system-${arch%:*}"
    done
    echo "daemons.sh: libvirtd $(libvirtd --version | awk '{print $NF}') on $URI, hook $HOOK -> $binary"
}

stop_pid() {
    local file=$1 pid i
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    echo "daemons.sh: $pid ($file) did not stop" >&2
    return 1
}

stop() {
    local state=$1 status=0 name
    [ "$(id -u)" = 0 ] || die "needs root"
    [ -d "$state" ] || die "$state: no such folder"
    if virsh_quiet version; then
        for name in $(virsh -c "$URI" list --all --name 2>/dev/null | grep '^e2e-'); do
            virsh_quiet destroy "$name"
            virsh_quiet undefine "$name"
        done
    fi
    stop_pid "$state/libvirtd.pid" || status=1
    stop_pid "$state/virtlogd.pid" || status=1
    if [ -f "$state/hook" ]; then
        if [ -f "$state/hook.saved" ]; then cp -p "$state/hook.saved" "$HOOK"; else rm -f "$HOOK"; fi
    fi
    if [ -f "$state/created" ]; then
        tac "$state/created" | while read -r d; do rmdir "$d" 2>/dev/null; done
    fi
    if [ -f "$state/kvm" ] && [ -e /dev/kvm ]; then
        read -r owner mode < "$state/kvm"
        chown "$owner" /dev/kvm && chmod "$mode" /dev/kvm || status=1
    fi
    return $status
}

case "${1:-}" in
    start) [ $# = 3 ] || die "usage: daemons.sh start STATE DOMAINCPU"; start "$2" "$3" ;;
    stop) [ $# = 2 ] || die "usage: daemons.sh stop STATE"; stop "$2" ;;
    *) die "usage: daemons.sh start STATE DOMAINCPU | stop STATE" ;;
esac

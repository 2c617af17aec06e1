#!/usr/bin/env bash
# The daemons of the end-to-end suite (tests/DomainCpu.EndToEnd): libvirt's own virtlogd and libvirtd (the system
# QEMU driver, qemu:///system), with `domaincpu hook` installed in /etc/libvirt/hooks/qemu.d before they start, as
# docs/hook.md installs it; either this host's libvirt or the libvirt of a Debian chroot. Needs root. Everything it
# changes is put back by `stop`.
#
#   tools/e2e/daemons.sh start STATE DOMAINCPU                install DOMAINCPU (the binary) as this host's hook, start
#                                                             this host's daemons
#   tools/e2e/daemons.sh start STATE DOMAINCPU CHROOTS SUITE  the same inside SUITE's chroot, run by the chroot tool
#                                                             CHROOTS (`CHROOTS run SUITE CMD...`: CMD as root in the
#                                                             chroot, in a private mount namespace with /proc, /sys and
#                                                             /dev, the folders of ORACLE_BIND bound at their paths)
#   tools/e2e/daemons.sh stop STATE                           destroy the suite's guests, stop the daemons, remove the
#                                                             hook, put /dev/kvm and the chroot back
#
# STATE (a new folder) keeps the daemons' pid files, what to put back, and for the tests: `root` (the root folder of
# the libvirt installation, / or the chroot's folder), `virsh` (runs the virsh of that installation, in the daemons'
# mount namespace; arguments as virsh's) and `libvirt` (the daemon's release).
#
# In a chroot, the daemons and the hook run in CHROOTS' namespace (tools/e2e/in-chroot.sh stays in it while they run,
# so its mounts last as long as they do), with STATE and the .NET runtime bound at their host paths. The hook is a
# copy of DOMAINCPU's folder in STATE: the framework-dependent build needs the runtime, which is bound, not
# installed, so nothing stays in the chroot but libvirt's QEMU capabilities cache.
#
# /dev/kvm: without udev it is root:root 0600 here, so libvirt's QEMU user cannot open it while libvirt's probe (run
# with root's capabilities) can; libvirt then finds its QEMU capabilities cache outdated on every lookup and
# re-probes QEMU for seconds each time. `start` gives it root:kvm 0660 as a Debian host has it (a chroot gets a node
# of its own, see in-chroot.sh), and `stop` puts the owner and mode back. The cache (/var/cache/libvirt/qemu) is kept
# between runs: a warm cache is what the hook reads.
set -uo pipefail

HOOK_DIR=/etc/libvirt/hooks/qemu.d
HOOK=$HOOK_DIR/domaincpu
URI=qemu:///system
HERE=$(cd "$(dirname "$0")" && pwd)

die() { echo "daemons.sh: $*" >&2; exit 1; }

# What the tests run for virsh: the installation's virsh, in the daemons' mount namespace and root.
write_virsh() {
    local state=$1 chrooted=$2
    if [ "$chrooted" = 1 ]; then
        printf '#!/bin/sh\nexec nsenter --target "$(cat %s/libvirtd.pid)" --mount --root --wd virsh "$@"\n' "$state" > "$state/virsh"
    else
        printf '#!/bin/sh\nexec virsh "$@"\n' > "$state/virsh"
    fi
    chmod 755 "$state/virsh"
}

virsh_quiet() { "$1/virsh" -c "$URI" "${@:2}" >/dev/null 2>&1; }

# Waits for the daemon, probes QEMU (once, when the cache is cold, rather than inside the first guest's start) and
# writes the daemon's release to STATE/libvirt.
await_daemon() {
    local state=$1 root=$2 i arch
    for i in $(seq 1 120); do
        virsh_quiet "$state" version && break
        [ -f "$state/launcher.pid" ] && ! kill -0 "$(cat "$state/launcher.pid")" 2>/dev/null && break
        sleep 0.5
    done
    virsh_quiet "$state" version || die "libvirtd does not answer on $URI (see $state/*.log)"
    for arch in x86_64:x86_64 i386:i686; do
        [ -x "${root%/}/usr/bin/qemu-system-${arch%:*}" ] || continue
        "$state/virsh" -c "$URI" domcapabilities --emulatorbin "/usr/bin/qemu-system-${arch%:*}" --arch "${arch#*:}" --virttype qemu >/dev/null ||
            die "libvirt cannot probe /usr/bin/qemu-system-${arch%:*}"
    done
    "$state/virsh" -c "$URI" version --daemon | sed -n 's/^Running against daemon: *//p' > "$state/libvirt"
    [ -s "$state/libvirt" ] || die "virsh does not say which libvirtd answers"
}

start_host() {
    local state=$1 binary=$2
    command -v libvirtd >/dev/null && command -v virtlogd >/dev/null || die "libvirtd and virtlogd are not installed"
    write_virsh "$state" 0
    echo / > "$state/root"
    if virsh_quiet "$state" version; then die "a libvirtd already answers on $URI: stop it first"; fi

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
    await_daemon "$state" /
    echo "daemons.sh: libvirtd $(cat "$state/libvirt") on $URI, hook $HOOK -> $binary"
}

# The folders from PATH up that do not exist in the chroot, deepest first: binding PATH creates them.
missing_in_chroot() {
    local chroots=$1 suite=$2 path=$3
    bash "$chroots" run "$suite" sh -c 'p=$1; while [ "$p" != / ] && [ ! -e "$p" ]; do echo "$p"; p=$(dirname "$p"); done' sh "$path"
}

start_chroot() {
    local state=$1 binary=$2 chroots=$3 suite=$4 dotnet_root i pid root
    [ -f "$chroots" ] || die "$chroots: no such file"
    bash "$chroots" run "$suite" sh -c 'command -v libvirtd && command -v virtlogd' >/dev/null ||
        die "no libvirtd or virtlogd in the $suite chroot"
    if bash "$chroots" run "$suite" virsh -c "$URI" version >/dev/null 2>&1; then
        die "a libvirtd already answers on $URI in the $suite chroot: stop it first"
    fi
    dotnet_root=${DOTNET_ROOT:-}
    if [ -z "$dotnet_root" ]; then
        command -v dotnet >/dev/null || die "no .NET runtime: put dotnet on PATH or set DOTNET_ROOT"
        dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
    fi
    [ -d "$dotnet_root/shared/Microsoft.NETCore.App" ] || die "$dotnet_root: no .NET runtime there"
    { missing_in_chroot "$chroots" "$suite" "$state" && missing_in_chroot "$chroots" "$suite" "$dotnet_root"; } > "$state/binds.missing" ||
        die "cannot enter the $suite chroot"
    echo "$chroots" > "$state/chroots"
    echo "$suite" > "$state/suite"
    mkdir "$state/domaincpu" && cp -a "$(dirname "$binary")/." "$state/domaincpu/" || die "cannot copy $(dirname "$binary")"
    cp "$HERE/in-chroot.sh" "$state/in-chroot.sh" || die "cannot copy in-chroot.sh"
    write_virsh "$state" 1

    ORACLE_BIND="$state $dotnet_root" setsid bash "$chroots" run "$suite" sh "$state/in-chroot.sh" "$state" "$dotnet_root" \
        > "$state/launcher.log" 2>&1 < /dev/null &
    echo $! > "$state/launcher.pid"
    for i in $(seq 1 120); do
        [ -s "$state/inside.pid" ] && [ -s "$state/libvirtd.pid" ] && break
        kill -0 "$(cat "$state/launcher.pid")" 2>/dev/null || break
        sleep 0.5
    done
    [ -s "$state/libvirtd.pid" ] || die "libvirtd did not start in the $suite chroot: $(cat "$state"/*.log 2>/dev/null)"
    pid=$(cat "$state/libvirtd.pid")
    root=$(readlink "/proc/$pid/root") || die "cannot tell the root of libvirtd ($pid)"
    echo "$root" > "$state/root"
    echo "$root$(cat "$state/hook.inside")" > "$state/hook"
    await_daemon "$state" "$root"
    echo "daemons.sh: libvirtd $(cat "$state/libvirt") on $URI in $root, hook $(cat "$state/hook.inside") -> $state/domaincpu/domaincpu"
}

start() {
    local state=$1 binary=$2
    [ "$(id -u)" = 0 ] || die "needs root"
    [ -x "$binary" ] || die "$binary: not an executable"
    [ -e "$state" ] && die "$state exists: give a new folder"
    mkdir -p "$state" || die "cannot create $state"
    state=$(cd "$state" && pwd)
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
    if [ $# = 4 ]; then start_chroot "$state" "$binary" "$3" "$4"; else start_host "$state" "$binary"; fi
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
    local state=$1 status=0 name root d
    [ "$(id -u)" = 0 ] || die "needs root"
    [ -d "$state" ] || die "$state: no such folder"
    state=$(cd "$state" && pwd)
    root=$(cat "$state/root" 2>/dev/null || echo /)
    root=${root%/}
    if [ -x "$state/virsh" ] && [ -s "$state/libvirtd.pid" ] && virsh_quiet "$state" version; then
        for name in $("$state/virsh" -c "$URI" list --all --name 2>/dev/null | grep '^e2e-'); do
            virsh_quiet "$state" destroy "$name"
            virsh_quiet "$state" undefine "$name"
        done
    fi
    stop_pid "$state/libvirtd.pid" || status=1
    stop_pid "$state/virtlogd.pid" || status=1
    # The chroot's namespace (and its mounts) ends with the launcher, which waits for both daemons.
    stop_pid "$state/launcher.pid" || status=1
    if [ -f "$state/hook" ]; then
        if [ -f "$state/hook.saved" ]; then cp -p "$state/hook.saved" "$(cat "$state/hook")"; else rm -f "$(cat "$state/hook")"; fi
    fi
    for list in created created.inside; do
        [ -f "$state/$list" ] || continue
        [ "$list" = created ] && r= || r=$root
        tac "$state/$list" | while read -r d; do rmdir "$r$d" 2>/dev/null; done
    done
    if [ -f "$state/binds.missing" ]; then
        while read -r d; do rmdir "$root$d" 2>/dev/null || { echo "daemons.sh: cannot remove $root$d" >&2; status=1; }; done < "$state/binds.missing"
    fi
    if [ -f "$state/kvm" ] && [ -e /dev/kvm ]; then
        read -r owner mode < "$state/kvm"
        chown "$owner" /dev/kvm && chmod "$mode" /dev/kvm || status=1
    fi
    return $status
}

case "${1:-}" in
    start) [ $# = 3 ] || [ $# = 5 ] || die "usage: daemons.sh start STATE DOMAINCPU [CHROOTS SUITE]"; start "${@:2}" ;;
    stop) [ $# = 2 ] || die "usage: daemons.sh stop STATE"; stop "$2" ;;
    *) die "usage: daemons.sh start STATE DOMAINCPU [CHROOTS SUITE] | stop STATE" ;;
esac

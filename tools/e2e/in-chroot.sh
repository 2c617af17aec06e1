#!/bin/sh
# The inside half of `tools/e2e/daemons.sh start STATE DOMAINCPU CHROOTS SUITE`: runs inside the chroot (as root, in
# the private mount namespace CHROOTS gives it, STATE and the .NET runtime bound at their host paths) and stays there
# until both daemons have stopped, so the namespace's mounts live exactly as long as the daemons.
#
#   in-chroot.sh STATE DOTNET_ROOT
#
# It installs the hook (STATE/domaincpu/domaincpu, a copy of the framework-dependent build, run with DOTNET_ROOT) in
# the chroot's /etc/libvirt/hooks/qemu.d, gives /dev/kvm the chroot's kvm group, then runs virtlogd and libvirtd in
# the foreground. What it creates or replaces is listed in STATE (created.inside, hook.inside, hook.saved) so that
# `daemons.sh stop` puts the chroot back from outside.
#
# /dev/kvm: the chroot's /dev is the host's, whose kvm group has another id than the chroot's. Without a node the
# chroot's QEMU user may open, libvirt finds KVM when it probes QEMU (as root) but not when it checks its cache (as
# that user), and re-probes QEMU on every lookup. A node of the same device, root:kvm 0660 by the chroot's groups, is
# bound over /dev/kvm in this namespace only.
set -u
state=$1 dotnet_root=$2
hooks=/etc/libvirt/hooks
hook=$hooks/qemu.d/domaincpu

fail() { echo "in-chroot.sh: $*" >&2; exit 1; }

echo $$ > "$state/inside.pid"

if [ -c /dev/kvm ]; then
    major=$(stat -c '%t' /dev/kvm) minor=$(stat -c '%T' /dev/kvm)
    mknod "$state/kvm" c "$((0x$major))" "$((0x$minor))" && chown root:kvm "$state/kvm" && chmod 0660 "$state/kvm" &&
        mount --bind "$state/kvm" /dev/kvm || fail "cannot give /dev/kvm the chroot's kvm group"
fi

# A chroot's / is no mount point, so libvirt cannot give a guest its own mount namespace (it makes / a slave mount
# first: "Failed disable mount propagation out of the root filesystem"). Guests share the daemon's namespace (which
# is private already): the chroot's qemu.conf with namespaces = [] is bound over it here, the file itself unchanged.
{ cat /etc/libvirt/qemu.conf && printf '\n# tools/e2e/in-chroot.sh\nnamespaces = []\n'; } > "$state/qemu.conf" &&
    mount --bind "$state/qemu.conf" /etc/libvirt/qemu.conf || fail "cannot set namespaces = [] in qemu.conf"

for d in $hooks $hooks/qemu.d /var/log/libvirt; do
    [ -d "$d" ] || { mkdir -p "$d" && echo "$d" >> "$state/created.inside"; } || fail "cannot create $d"
done
if [ -e "$hook" ]; then cp -p "$hook" "$state/hook.saved" || fail "cannot save the existing $hook"; fi
printf '#!/bin/sh\nDOTNET_ROOT=%s exec %s hook "$@"\n' "$dotnet_root" "$state/domaincpu/domaincpu" > "$hook" &&
    chmod 755 "$hook" || fail "cannot install $hook"
echo "$hook" > "$state/hook.inside"

# libvirtd reads the hook folder when it starts: the hook is in place first.
virtlogd -p "$state/virtlogd.pid" > "$state/virtlogd.log" 2>&1 &
libvirtd -p "$state/libvirtd.pid" > "$state/libvirtd.log" 2>&1 &
wait

#!/usr/bin/env bash
# Installs the reference tools the conformance suite compares against (Debian 12 packages):
# libvirt 9.0's virsh with its test and embedded QEMU drivers, QEMU 7.2 for x86, xmllint; and libvirt 11.3 and
# 12.8 (with their xmllint and QEMU) in Debian 13 and sid chroots, through the shared oracle runner
# ($DOMAINCPU_ORACLE_CHROOTS, default ../shared/oracles/chroots.sh from the repository root).
# Idempotent (the chroots take about 90 s the first time); needs root. Creates the account libvirt's QEMU driver
# insists on.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libxml2-utils util-linux)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then echo "install.sh: missing ${missing[*]} and not root" >&2; exit 1; fi
    apt-get -q update >/dev/null
    apt-get -q install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$(id -u)" = 0 ]; then
    getent group kvm >/dev/null || groupadd --system kvm
    getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
    getent passwd libvirt-qemu >/dev/null ||
        useradd --system --gid libvirt-qemu --groups kvm --no-create-home \
            --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
fi
# libvirt 11.3 (Debian trixie) and 12.8 (sid) run in chroots that the runner DOMAINCPU_ORACLE_CHROOTS names sets up
# (idempotent; `RUNNER run SUITE CMD…` runs CMD inside).
if [ -n "${DOMAINCPU_ORACLE_CHROOTS:-}" ]; then
    bash "$DOMAINCPU_ORACLE_CHROOTS" setup >/dev/null
    echo "oracles: $(bash "$DOMAINCPU_ORACLE_CHROOTS" versions | tr '\n' ';')"
fi
echo "oracles: $(dpkg-query -W -f='${Package} ${Version}; ' libvirt-clients qemu-system-x86 libxml2-utils)"
chroots=${DOMAINCPU_ORACLE_CHROOTS:-../shared/oracles/chroots.sh}
if [ ! -f "$chroots" ]; then echo "install.sh: no oracle chroot runner at $chroots (libvirt 11.3 and 12.8)" >&2; exit 1; fi
if [ "$(id -u)" != 0 ]; then echo "install.sh: the libvirt 11.3 and 12.8 chroots need root" >&2; exit 1; fi
bash "$chroots" setup >/dev/null
echo "oracle chroots: $(bash "$chroots" versions | tr '\t\n' ' ;')"

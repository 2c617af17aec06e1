# Sourced by the benchmark scripts: libvirt_source FOLDER... makes sure libvirt 9.0's source tree (Debian 12's
# libvirt 9.0, fetched with `apt-get source` and a private apt state, so that neither root nor a deb-src line in the
# system's sources is needed) holds the given folders under $cache/src/libvirt-9.0.0, and prints that tree's path.
# Needs $cache and a die function.
libvirt_source() {
    local tree="$cache/src/libvirt-9.0.0" missing=0 folder
    for folder in "$@"; do [ -d "$tree/$folder" ] || missing=1; done
    if [ "$missing" = 1 ]; then
        local apt="$cache/apt"
        mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts" "$cache/src"
        echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
            > "$apt/sources.list"
        local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
                    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "Debug::NoLocking=1"
                    -o "APT::Sandbox::User=$(id -un)")
        if ! ls "$cache"/src/libvirt_9.0.0.orig.tar.xz >/dev/null 2>&1; then
            echo "fetching libvirt 9.0's source into $cache (apt-get source libvirt)" >&2
            apt-get -q "${opts[@]}" update >&2
            (cd "$cache/src" && apt-get -q "${opts[@]}" source --download-only libvirt >&2)
        fi
        local dsc
        dsc="$(ls "$cache"/src/libvirt_9.0.0-*.dsc | head -n 1)" || die "apt did not fetch libvirt 9.0.0"
        if command -v dpkg-source >/dev/null && [ ! -d "$tree" ]; then
            (cd "$cache/src" && dpkg-source -q --skip-debianization -x "$dsc" libvirt-9.0.0 >&2)
        else
            for folder in "$@"; do
                tar -xJf "$cache/src/libvirt_9.0.0.orig.tar.xz" -C "$cache/src" "libvirt-9.0.0/$folder"
            done
        fi
    fi
    echo "$tree"
}

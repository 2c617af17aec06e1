# Sourced by the benchmark scripts: sets $bin to the NativeAOT domaincpu binary, $DOMAINCPU_BIN when given,
# else published from the repository into $work/aot. Needs $repo, $work and a die function.
bin="${DOMAINCPU_BIN:-}"
if [ -z "$bin" ]; then
    echo "publishing the NativeAOT binary" >&2
    dotnet publish "$repo/src/DomainCpu.Cli" -f net9.0 -r linux-x64 -c Release -o "$work/aot" -v q -nologo >&2
    bin="$work/aot/domaincpu"
fi
[ -x "$bin" ] || die "$bin is not executable"

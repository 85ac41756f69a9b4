#!/usr/bin/env bash
# System libraries Qt needs to run offscreen (EGL, xkbcommon, fontconfig, a font).
# Installed only when missing, so that developer machines are left alone.
set -euo pipefail
missing=()
ldconfig -p | grep -q 'libEGL.so.1' || missing+=(libegl1)
ldconfig -p | grep -q 'libxkbcommon.so.0' || missing+=(libxkbcommon0)
ldconfig -p | grep -q 'libfontconfig.so.1' || missing+=(libfontconfig1)
ldconfig -p | grep -q 'libGL.so.1' || missing+=(libgl1)
ldconfig -p | grep -q 'libdbus-1.so.3' || missing+=(libdbus-1-3)
ldconfig -p | grep -q 'libglib-2.0.so.0' || missing+=(libglib2.0-0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core fontconfig)
if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ]; then
        echo "installing system packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing system packages (install them as root): ${missing[*]}" >&2
    fi
fi

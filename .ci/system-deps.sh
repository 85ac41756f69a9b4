#!/usr/bin/env bash
# System packages: libraries Qt needs to run offscreen (EGL, xkbcommon, fontconfig, a font), and those
# its xcb plugin needs to open a real window (without them Qt aborts the process), and
# Dovecot for the mail tests.
# Installed only when missing, so that developer machines are left alone.
set -euo pipefail
missing=()
# read once: 'ldconfig -p | grep -q' fails under pipefail when grep stops reading early
libs=$(ldconfig -p)
grep -q 'libEGL.so.1' <<<"$libs" || missing+=(libegl1)
grep -q 'libxkbcommon.so.0' <<<"$libs" || missing+=(libxkbcommon0)
grep -q 'libfontconfig.so.1' <<<"$libs" || missing+=(libfontconfig1)
grep -q 'libGL.so.1' <<<"$libs" || missing+=(libgl1)
grep -q 'libdbus-1.so.3' <<<"$libs" || missing+=(libdbus-1-3)
grep -q 'libglib-2.0.so.0' <<<"$libs" || missing+=(libglib2.0-0)
# library:package for Qt's xcb platform plugin (ldd .../PySide6/Qt/plugins/platforms/libqxcb.so)
for pair in libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 \
    libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-image.so.0:libxcb-image0 \
    libxcb-render-util.so.0:libxcb-render-util0 libxcb-util.so.1:libxcb-util1 \
    libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
    libxcb-shape.so.0:libxcb-shape0 libxcb-randr.so.0:libxcb-randr0 \
    libxcb-xinerama.so.0:libxcb-xinerama0 libxcb-shm.so.0:libxcb-shm0 \
    libxcb-sync.so.1:libxcb-sync1 libxcb-xfixes.so.0:libxcb-xfixes0 \
    libxcb-render.so.0:libxcb-render0 libX11-xcb.so.1:libx11-xcb1; do
    grep -q "${pair%%:*}" <<<"$libs" || missing+=("${pair##*:}")
done
# the real IMAP server the mail tests run against (started by the suite, never as a service)
[ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null || missing+=(dovecot-imapd)
fonts=$(fc-list 2>/dev/null || true)
grep -qi dejavu <<<"$fonts" || missing+=(fonts-dejavu-core fontconfig)
if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ]; then
        echo "installing system packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing system packages (install them as root): ${missing[*]}" >&2
    fi
fi

#!/bin/sh
# What `make test` needs beyond Python: the three browser engines of the job page's tests (Chromium;
# WebKitGTK's WebKitWebDriver and MiniBrowser on an Xvfb screen; Firefox ESR, with the GStreamer plugins
# WebKitGTK plays H.264 and AAC with), a Java runtime (the Nu Html Checker) and npm (the page gates). Installs them on Debian/Ubuntu as root or with sudo; otherwise
# prints one line naming what is missing and the command that installs it, and fails before any test.
set -eu

missing=""
packages=""
need() {  # need COMMAND-OR-PATH DEBIAN-PACKAGES
  if ! command -v "$1" >/dev/null 2>&1; then
    missing="$missing $1"
    packages="$packages $2"
  fi
}
need_file() {  # need_file NAME GLOB DEBIAN-PACKAGES: a file in a folder of the machine's architecture
  for found in $2; do
    [ -e "$found" ] && return 0
  done
  missing="$missing $1"
  packages="$packages $3"
}
need /usr/bin/chromium "chromium fonts-dejavu-core"  # the path the tests launch
need /usr/bin/WebKitWebDriver webkit2gtk-driver  # and WebKitGTK's MiniBrowser with it
need firefox-esr firefox-esr
need Xvfb "xvfb xauth"
need_file gstreamer-libav "/usr/lib/*/gstreamer-1.0/libgstlibav.so" gstreamer1.0-libav
need_file gstreamer-bad "/usr/lib/*/gstreamer-1.0/libgstvideoparsersbad.so" gstreamer1.0-plugins-bad
need java default-jre-headless
need npm npm

[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    echo "make test needs${missing}: install with 'sudo apt-get install -y${packages}', then run make test again" >&2
    exit 1
  fi
  echo "Installing${packages} for the browser tests and the page gates"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
  exit 0
fi

echo "make test needs${missing}: install Chromium (at /usr/bin/chromium), WebKitGTK's WebKitWebDriver, Firefox ESR, Xvfb, GStreamer's libav and bad plugins, a Java runtime and npm with your system's package manager, then run make test again" >&2
exit 1

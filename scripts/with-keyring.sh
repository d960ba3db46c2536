#!/bin/sh
# Runs a command in a private D-Bus session with its own unlocked
# gnome-keyring, so the real Secret Service is used without touching the
# developer's own keychain. Used by `npm test` and `npm run bench`.
set -e
if [ -n "${TEAM_SAFE_PRIVATE_KEYRING:-}" ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "This needs $tool: apt-get install -y gnome-keyring dbus dbus-x11 libsecret-1-dev" >&2
    exit 1
  fi
done
keyring_home=$(mktemp -d)
status=0
TEAM_SAFE_PRIVATE_KEYRING=1 XDG_DATA_HOME="$keyring_home" dbus-run-session -- sh -c \
  'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@" || status=$?
rm -rf "$keyring_home"
exit $status

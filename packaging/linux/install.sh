#!/bin/sh
# Install the built Rejoinder folder for this user (no root): the program under
# ~/.local/lib/rejoinder, `rejoinder` on ~/.local/bin, the menu entry, the icon, and the
# workspace file type, so a double-click on a .rejoinder file opens it in Rejoinder.
#
#   sh install.sh              from the unpacked folder (it holds `rejoinder` and this script)
#   sh install.sh --uninstall  remove all of it again (workspaces are never touched)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
lib=$HOME/.local/lib/rejoinder
bin=$HOME/.local/bin
sizes="16 24 32 48 64 128 256 512"

refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
  command -v update-desktop-database >/dev/null \
    && update-desktop-database "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null \
    && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$lib"
  rm -f "$bin/rejoinder" "$data/applications/rejoinder.desktop" \
        "$data/mime/packages/rejoinder.xml" "$data/icons/hicolor/scalable/apps/rejoinder.svg"
  for size in $sizes; do rm -f "$data/icons/hicolor/${size}x${size}/apps/rejoinder.png"; done
  refresh
  echo "Rejoinder removed (your workspaces are where they were)."
  exit 0
fi

if [ ! -x "$here/rejoinder" ]; then
  echo "install.sh: no 'rejoinder' program next to this script in $here;" \
       "run the script from the unpacked Rejoinder folder." >&2
  exit 1
fi
if [ "$here" != "$lib" ]; then
  rm -rf "$lib.new"
  mkdir -p "$(dirname "$lib")"
  cp -a "$here" "$lib.new"
  rm -rf "$lib"
  mv "$lib.new" "$lib"
fi
mkdir -p "$bin" "$data/applications" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
ln -sf "$lib/rejoinder" "$bin/rejoinder"
# The menu entry names the program by its full path: ~/.local/bin is not on every desktop's PATH.
sed -e "s|^Exec=rejoinder |Exec=\"$lib/rejoinder\" |" \
    -e "s|^TryExec=rejoinder\$|TryExec=$lib/rejoinder|" "$lib/share/rejoinder.desktop" \
  > "$data/applications/rejoinder.desktop"
cp "$lib/share/rejoinder.xml" "$data/mime/packages/rejoinder.xml"
icons=$lib/_internal/resources/icons
cp "$icons/rejoinder.svg" "$data/icons/hicolor/scalable/apps/rejoinder.svg"
for size in $sizes; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$icons/rejoinder-$size.png" "$data/icons/hicolor/${size}x${size}/apps/rejoinder.png"
done
refresh
echo "Rejoinder installed: find it in your applications menu, or double-click a .rejoinder file."

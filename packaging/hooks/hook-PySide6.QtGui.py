"""QtGui collected as PyInstaller's own hook does, less the Qt plugins Rejoinder has no use for.

Left out here, before PyInstaller follows each plugin's libraries: the GTK theme plugin (it
would bring GTK's cairo, pango and glib from the build machine, to clash with the desktop's
own GTK; Qt then draws its own dialogs), the framebuffer, VNC and headless-EGL platforms,
input-device plugins for machines without a windowing system, and rarely met image formats.
Kept: xcb and Wayland (the desktops), offscreen (CI's smoke test), PNG/JPEG/GIF/WebP/SVG/ICO."""
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED = (
    "/platformthemes/libqgtk3", "/egldeviceintegrations/", "/generic/",
    "/platforms/libqeglfs", "/platforms/libqlinuxfb", "/platforms/libqminimal",
    "/platforms/libqvnc", "/platforms/libqvkkhrdisplay",
    "/imageformats/libqtga", "/imageformats/libqtiff", "/imageformats/libqwbmp",
    "/imageformats/libqicns", "/imageformats/libqpdf",
)

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries
            if not any(part in source.replace("\\", "/") for part in UNUSED)]

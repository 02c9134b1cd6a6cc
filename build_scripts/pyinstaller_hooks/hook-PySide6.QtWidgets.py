"""Stock PySide6.QtWidgets collection minus the plugins and translations bundle_policy leaves out."""

from bundle_policy import slim_qt6_dependencies  # build_scripts is on sys.path (see the specs)

hiddenimports, binaries, datas = slim_qt6_dependencies(__file__)

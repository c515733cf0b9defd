# SPDX-License-Identifier: MIT
"""silx's table on an HDF5 dataset, measured the way bench/lazy_benchmark.cpp
measures ArrayLens's grid (offscreen, 1280 x 800): time from handing over the
h5py dataset to the first paint, the paint after one page down (median of
15) and after Ctrl+End (until processEvents returns, with a repaint by hand
only if it painted nothing), and the resident memory the view adds. One
mode per process, so that each starts from the same memory:

  python3 silx_peer.py viewer FILE.h5 DATASET   # DataViewerFrame.setData (what `silx view` shows a
                                                # dataset in), in the view it picks (for a 2-D
                                                # float dataset: Raw, a table), Raw otherwise
  python3 silx_peer.py copy FILE.h5 DATASET     # ArrayTableWidget.setArrayData(dataset): the call
                                                # the Raw view makes (copy=True, its default)
  python3 silx_peer.py nocopy FILE.h5 DATASET   # ArrayTableWidget.setArrayData(dataset, copy=False):
                                                # the widget used by hand, reading cells in place

Prints one JSON object. Run by bench/lazy_benchmark.cpp, with /usr/bin/python3
and the python3-silx package (PyQt5)."""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def resident_mb():
    """(RSS, anonymous RSS) in MB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon"):
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["RssAnon"]


def main(mode, path, name):
    import h5py
    import silx
    from silx.gui import qt

    app = qt.QApplication([])
    from silx.gui.data.ArrayTableWidget import ArrayTableWidget

    class PaintSeen(qt.QObject):
        """Notes that the table's viewport got a paint event."""
        seen = False

        def eventFilter(self, watched, event):
            if event.type() == qt.QEvent.Paint:
                self.seen = True
            return False

    painted = PaintSeen()

    def settle(table):
        """What the action caused, its paint included; a paint by hand only
        if none came (as the ArrayLens benchmark does)."""
        app.processEvents()
        if not painted.seen:
            table.view.viewport().repaint()
        painted.seen = False

    def send_key(widget, key, modifiers=qt.Qt.NoModifier):
        for kind in (qt.QEvent.KeyPress, qt.QEvent.KeyRelease):
            qt.QApplication.sendEvent(widget, qt.QKeyEvent(kind, key, modifiers))

    if mode == "viewer":
        from silx.gui.data import DataViews
        from silx.gui.data.DataViewerFrame import DataViewerFrame
        top = DataViewerFrame()
    elif mode in ("copy", "nocopy"):
        top = ArrayTableWidget()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    top.resize(1280, 800)
    top.show()
    app.processEvents()
    # Fonts, style and the backing store are made before the clock starts,
    # as the ArrayLens benchmark warms up before timing.
    dataset = h5py.File(path, "r")[name]
    rss_before, anon_before = resident_mb()

    started = time.perf_counter()
    default_view = None
    if mode == "viewer":
        # The view silx picks for the data (for a 2-D float dataset, Raw: a
        # table, whose ArrayTableWidget is given the data with copy=True).
        top.setData(dataset)
        default_view = type(top.displayedView()).__name__
        if top.displayMode() != DataViews.RAW_MODE:
            top.setDisplayMode(DataViews.RAW_MODE)
        app.processEvents()
        tables = [t for t in top.findChildren(ArrayTableWidget) if t.isVisible()]
        if not tables:
            raise SystemExit("silx showed no table for the dataset")
        table = tables[0]
        table.view.viewport().repaint()  # the table was made during setData: its first paint is not watched
        table.view.viewport().installEventFilter(painted)
    else:
        table = top
        table.view.viewport().installEventFilter(painted)
        top.setArrayData(dataset, copy=(mode == "copy"))
        settle(table)
    painted.seen = False
    first_paint_ms = (time.perf_counter() - started) * 1000

    table.view.setFocus()
    pages = []
    for _ in range(15):
        started = time.perf_counter()
        send_key(table.view, qt.Qt.Key_PageDown)
        settle(table)
        pages.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    send_key(table.view, qt.Qt.Key_End, qt.Qt.ControlModifier)
    settle(table)
    end_ms = (time.perf_counter() - started) * 1000
    current = table.view.currentIndex()
    rss_after, anon_after = resident_mb()
    print(json.dumps({
        "mode": mode,
        "default_view": default_view,
        "silx": silx.version,
        "qt": qt.BINDING + " " + qt.qVersion(),
        "first_paint_ms": first_paint_ms,
        "page_down_ms": statistics.median(pages),
        "jump_end_ms": end_ms,
        "end_cell": [current.row(), current.column()],
        "rss_mb": rss_after - rss_before,
        "anon_mb": anon_after - anon_before,
        "model_holds": type(table.model._array).__module__ + "." + type(table.model._array).__name__,
    }))
    top.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))

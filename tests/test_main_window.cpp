// SPDX-License-Identifier: MIT
// The desktop app as a user drives it: open a script, call, edit with key
// events, cancel, failures, reload, slices, the inspector, export.
#include "test_support.h"

#include "core/crash_log.h"
#include "core/gil.h"
#include "core/py_buffer.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/array_table_model.h"
#include "ui/array_view_tab.h"
#include "ui/crash_report_box.h"
#include "ui/dtype_inspector.h"
#include "ui/function_panel.h"
#include "ui/main_window.h"
#include "ui/quit_guard.h"
#include "ui/slice_bar.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QProgressDialog>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>

using namespace arraylens;

Q_DECLARE_METATYPE(arraylens::CellRange)

namespace {

constexpr int kTimeout = 15000;

// The fixture, fresh, at one path for the whole suite: every test's open()
// then reruns the same module, which sys.modules['gui_script'] names.
QString copyFixture(const QTemporaryDir& folder)
{
    const QString path = folder.filePath("gui_script.py");
    QFile::remove(path);
    QFile::copy(QString::fromStdString(testing::fixture("gui_script.py")), path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

// Evaluated in the script's own module: what a later Python call would read.
std::string pythonOf(const std::string& expression)
{
    return testing::str("sys.modules['gui_script']." + expression);
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> folder_;
    std::unique_ptr<MainWindow> window_;
    QString script_;

    bool open()
    {
        QSignalSpy ready(window_.get(), &MainWindow::scriptReady);
        window_->openScript(script_);
        return ready.wait(kTimeout) && ready.first().first().toBool();
    }
    bool call(const QString& name, const QStringList& arguments = {})
    {
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        window_->call(name, arguments);
        return done.wait(kTimeout) && done.first().first().toBool();
    }
    /// Cancels the running job; `finished` (callDone or scriptReady) must
    /// then report a failure within 1 s, and the status bar say "cancelled".
    void expectCancelledQuickly(QSignalSpy& finished)
    {
        QElapsedTimer timer;
        timer.start();
        window_->worker()->cancel();
        QVERIFY(finished.wait(5000));
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(window_->statusBar()->currentMessage().contains("cancelled"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        folder_ = std::make_unique<QTemporaryDir>();
    }
    void init()
    {
        script_ = copyFixture(*folder_);
        window_ = std::make_unique<MainWindow>();
        window_->show();
        QVERIFY(open());
    }
    void cleanup()
    {
        window_.reset();
    }

    void opensDataFilesAsTheirDatasets()
    {
        const std::string folder = folder_->path().toStdString();
        testing::exec("import h5py, numpy\n"
                      "with h5py.File('" + folder + "/two.h5', 'w') as f:\n"
                      "    f['a'] = numpy.arange(4)\n"
                      "    f.create_group('g')['b'] = numpy.array([[1.5, 2.5], [3.5, 4.5]])\n"
                      "numpy.save('" + folder + "/one.npy', numpy.arange(6, dtype='i2').reshape(2, 3))");
        // A file of several datasets lists them, as a script lists its functions.
        script_ = folder_->filePath("two.h5");
        QVERIFY(open());
        QCOMPARE(window_->findChild<QDockWidget*>("functionsDock")->windowTitle(), QString("Datasets"));
        // The file's tree: group g holds dataset b.
        const QList<QTreeWidgetItem*> groups =
            window_->functionPanel()->findChild<QTreeWidget*>()->findItems("g", Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups.front()->childCount(), 1);
        QVERIFY(groups.front()->child(0)->text(0).contains("b  float64 (2, 2)"));
        QVERIFY(window_->functionPanel()->select("/g/b"));
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        window_->functionPanel()->requestCall();
        QVERIFY(done.wait(kTimeout) && done.first().first().toBool());
        ArrayViewTab* tab = window_->currentTab();
        QCOMPARE(tab->title(), QString("/g/b — float64 (2, 2)"));
        QTRY_COMPARE(tab->document()->exactText(1, 0), QString("3.5"));
        // A file that is one array opens on it, memory-mapped: an edit is in the file.
        script_ = folder_->filePath("one.npy");
        QSignalSpy opened(window_.get(), &MainWindow::callDone);
        QVERIFY(open());
        QVERIFY(opened.wait(kTimeout));
        tab = window_->currentTab();
        QCOMPARE(tab->title(), QString("one.npy — int16 (2, 3)"));
        QVERIFY(tab->document()->setCellText(1, 2, "-7"));
        QCOMPARE(testing::str("int(numpy.load('" + folder + "/one.npy')[1, 2])"), std::string("-7"));
        tab->document()->undoStack()->undo();
        QCOMPARE(testing::str("int(numpy.load('" + folder + "/one.npy')[1, 2])"), std::string("5"));
    }

    void listsFunctionsAndCalls()
    {
        QVERIFY(window_->functionPanel()->select("matrix"));
        QVERIFY(call("matrix"));
        QCOMPARE(window_->tabs()->count(), 1);
        QCOMPARE(window_->tabs()->tabText(0), QString("matrix() — int32 (2, 3)"));
        ArrayViewTab* tab = window_->currentTab();
        QCOMPARE(tab->document()->displayText(1, 2), QString("6"));
        const QString status = tab->findChild<QLabel*>("statusLine")->text();
        QVERIFY2(status.contains("int32") && status.contains("(2, 3)") && status.contains("(12, 4)") &&
                     status.contains("little-endian"),
                 qPrintable(status));
    }

    void argumentFieldsArePrefilledAndUsed()
    {
        QVERIFY(window_->functionPanel()->select("cube"));
        QLineEdit* depth = window_->functionPanel()->argumentField("depth");
        QVERIFY(depth);
        QCOMPARE(depth->text(), QString("3"));
        depth->selectAll();
        QTest::keyClicks(depth, "2");
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        QTest::keyClick(depth, Qt::Key_Return);
        QVERIFY(done.wait(kTimeout));
        QCOMPARE(window_->tabs()->tabText(0), QString("cube(2) — float64 (2, 4, 5)"));
    }

    void untouchedDefaultsStayPythons()
    {
        QVERIFY(window_->functionPanel()->select("typed"));
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        window_->functionPanel()->requestCall();
        QVERIFY(done.wait(kTimeout));
        QVERIFY2(done.first().first().toBool(), qPrintable(window_->errorText()));
        QCOMPARE(window_->tabs()->tabText(0), QString("typed() — float32 (3,)"));
        QLineEdit* n = window_->functionPanel()->argumentField("n");
        n->setText("5");
        n->setModified(true); // as typing does
        window_->functionPanel()->requestCall();
        QVERIFY(done.wait(kTimeout));
        QCOMPARE(window_->tabs()->tabText(1), QString("typed(5) — float32 (5,)"));
    }

    void editingWithKeysWritesIntoPython()
    {
        QVERIFY(call("matrix"));
        ArrayViewTab* tab = window_->currentTab();
        ArrayGridView* grid = tab->grid();
        grid->goToCell(1, 2);
        QTableView* table = grid->tableView();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_F2);
        QWidget* editor = QApplication::focusWidget();
        QVERIFY(editor);
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, "-42");
        QTest::keyClick(editor, Qt::Key_Return);
        // Qt commits the editor's data through a queued call.
        QTRY_COMPARE(pythonOf("matrix_data[1, 2]"), std::string("-42"));
        // and a Python call made afterwards sees it
        QVERIFY(call("read", {"1", "2"}));
        QCOMPARE(window_->currentTab()->document()->displayText(0, 0), QString("-42"));
    }

    void invalidEditIsRefusedAndSaysWhy()
    {
        QVERIFY(call("matrix"));
        ArrayDocument* document = window_->currentTab()->document();
        QSignalSpy rejected(document, &ArrayDocument::editRejected);
        QVERIFY(!document->setCellText(0, 0, "abc"));
        QVERIFY(!document->setCellText(0, 0, "99999999999"));
        QCOMPARE(rejected.count(), 2);
        QVERIFY(rejected.at(1).first().toString().contains("out of range for int32"));
        QCOMPARE(pythonOf("matrix_data[0, 0]"), std::string("1"));
        QVERIFY(window_->statusBar()->currentMessage().contains("out of range"));
    }

    void undoRestoresTheExactBytes()
    {
        QVERIFY(call("matrix"));
        ArrayDocument* document = window_->currentTab()->document();
        QVERIFY(document->setCellText(0, 1, "7"));
        QVERIFY(document->paste(CellRange{0, 2, 0, 2}, "10\t11\n12\t13\n"));
        QCOMPARE(pythonOf("matrix_data.tolist()"), std::string("[[10, 11, 3], [12, 13, 6]]"));
        document->undoStack()->undo();
        QCOMPARE(pythonOf("matrix_data.tolist()"), std::string("[[1, 7, 3], [4, 5, 6]]"));
        document->undoStack()->undo();
        QCOMPARE(pythonOf("matrix_data.tolist()"), std::string("[[1, 2, 3], [4, 5, 6]]"));
        document->undoStack()->redo();
        QCOMPARE(pythonOf("matrix_data[0, 1]"), std::string("7"));
    }

    void undoAndRedoKeysReachTheUndoStack()
    {
        QVERIFY(call("matrix"));
        ArrayDocument* document = window_->currentTab()->document();
        QVERIFY(document->setCellText(0, 1, "7"));
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        QWidget* table = window_->currentTab()->grid()->tableView();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(document->undoStack()->index(), 0);
        QCOMPARE(pythonOf("matrix_data[0, 1]"), std::string("2"));
        // Ctrl+Shift+Z was listed twice on the Redo action: ambiguous, so Qt ignored it.
        QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(document->undoStack()->index(), 1);
        QCOMPARE(pythonOf("matrix_data[0, 1]"), std::string("7"));
        document->undoStack()->undo();
        // and every other key the platform binds to Redo
        for (const QKeySequence& keys : QKeySequence::keyBindings(QKeySequence::Redo)) {
            QTest::keySequence(table, keys);
            QCOMPARE(document->undoStack()->index(), 1);
            document->undoStack()->undo();
        }
    }

    void undoAfterASliceChangeRepaintsTheWholeView()
    {
        QVERIFY(call("cube"));
        ArrayDocument* document = window_->currentTab()->document();
        QVERIFY(document->setCellText(0, 0, "99")); // in plane 0
        document->setSlice(SliceSpec::parse("1,:,:"));
        QSignalSpy changed(document, &ArrayDocument::cellsChanged);
        QVERIFY(changed.isValid());
        document->undoStack()->undo();
        // (0, 0) of plane 1 is not the cell undone: everything is repainted.
        QCOMPARE(changed.count(), 1);
        const auto range = changed.first().first().value<CellRange>();
        QCOMPARE(range.rowCount, std::int64_t{4});
        QCOMPARE(range.columnCount, std::int64_t{5});
        document->setSlice(SliceSpec::parse("0,:,:"));
        QCOMPARE(document->displayText(0, 0), QString("0.0"));
    }

    void pasteIsAllOrNothing()
    {
        QVERIFY(call("matrix"));
        ArrayDocument* document = window_->currentTab()->document();
        QSignalSpy rejected(document, &ArrayDocument::editRejected);
        QVERIFY(!document->paste(CellRange{0, 1, 0, 1}, "1\t2\nx\t4\n"));
        QVERIFY(!document->paste(CellRange{1, 1, 1, 1}, "1\t2\t3\n"));      // does not fit
        QVERIFY(!document->paste(CellRange{0, 1, 0, 1}, "1\t2\n3\n"));      // not a rectangle
        QCOMPARE(rejected.count(), 3);
        QCOMPARE(pythonOf("matrix_data.tolist()"), std::string("[[1, 2, 3], [4, 5, 6]]"));
        QCOMPARE(document->undoStack()->count(), 0);
        // one value fills the target range
        QVERIFY(document->paste(CellRange{0, 2, 1, 2}, "9\n"));
        QCOMPARE(pythonOf("matrix_data.tolist()"), std::string("[[1, 9, 9], [4, 9, 9]]"));
        QCOMPARE(document->copy(CellRange{0, 2, 0, 3}), QString("1\t9\t9\n4\t9\t9\n"));
    }

    void readOnlyRefusesEdits()
    {
        QVERIFY(call("frozen"));
        ArrayDocument* document = window_->currentTab()->document();
        QSignalSpy rejected(document, &ArrayDocument::editRejected);
        QVERIFY(!document->setCellText(0, 0, "1"));
        QVERIFY(rejected.first().first().toString().contains("read-only"));
        QVERIFY(window_->currentTab()->findChild<QLabel*>("statusLine")->text().contains("READ-ONLY"));
    }

    void cancelStopsAPurePythonLoop()
    {
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        window_->call("slow", {"60"});
        QTest::qWait(300);
        QVERIFY(window_->worker()->isBusy());
        // the window stays responsive meanwhile
        QElapsedTimer responsive;
        responsive.start();
        QApplication::processEvents();
        QVERIFY(responsive.elapsed() < 200);
        expectCancelledQuickly(done);
        if (QTest::currentTestFailed())
            return;
        // and Python still works
        QVERIFY(call("matrix"));
    }

    void cancelAlsoDropsTheQueuedCalls()
    {
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        window_->call("slow", {"60"});
        window_->call("matrix", {});
        window_->call("cube", {});
        // What waits is shown, and Call says that it queues.
        auto* busy = window_->functionPanel()->findChild<QLabel*>("busyLabel");
        QVERIFY2(busy->text().contains("Running slow()") && busy->text().contains("Queued: matrix(), cube()"),
                 qPrintable(busy->text()));
        auto* callButton = window_->functionPanel()->findChild<QPushButton*>("callButton");
        QCOMPARE(callButton->text(), QString("Queue call"));
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        window_->functionPanel()->findChild<QPushButton*>("cancelButton")->click();
        // The running call and both queued ones end, none of them with a view.
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 3, 5000);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        for (const QList<QVariant>& outcome : done)
            QCOMPARE(outcome.first().toBool(), false);
        QCOMPARE(window_->tabs()->count(), 0);
        QVERIFY(window_->statusBar()->currentMessage().contains("cancelled before it started"));
        QVERIFY(!window_->worker()->isBusy());
        QCOMPARE(callButton->text(), QString("Call"));
        // Calls made afterwards run.
        QVERIFY(call("matrix"));
    }

    void openingAnEndlessScriptCanBeCancelled()
    {
        QSignalSpy ready(window_.get(), &MainWindow::scriptReady);
        window_->openScript(QString::fromStdString(testing::fixture("endless_import.py")));
        QTest::qWait(300);
        QVERIFY(window_->worker()->isBusy());
        expectCancelledQuickly(ready);
        if (QTest::currentTestFailed())
            return;
        // The script open before stays open.
        QVERIFY(call("matrix"));
    }

    void quittingWhileAScriptLoadsExitsCleanly()
    {
        window_->openScript(QString::fromStdString(testing::fixture("endless_import.py")));
        QTest::qWait(200);
        QElapsedTimer timer;
        timer.start();
        window_.reset();
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    void sysExitNeverClosesTheApp()
    {
        QVERIFY(!call("leaves"));
        QVERIFY(window_->isVisible());
        QVERIFY2(window_->errorText().contains("SystemExit") && window_->errorText().contains("sys.exit(7)"),
                 qPrintable(window_->errorText()));
        QVERIFY(call("matrix"));
    }

    void aSuccessfulCallClearsTheLastFailure()
    {
        QVERIFY(!call("leaves"));
        auto* errors = window_->findChild<QDockWidget*>("errorDock");
        QVERIFY(errors->isVisible());
        QVERIFY(window_->errorText().contains("SystemExit"));
        QVERIFY(call("matrix"));
        QVERIFY(!errors->isVisible());
        QCOMPARE(window_->errorText(), QString());
        QVERIFY(window_->statusBar()->currentMessage().contains("matrix() returned"));
        // A failed load shows; the next good load clears it.
        QVERIFY(!call("leaves"));
        QVERIFY(errors->isVisible());
        QVERIFY(open());
        QVERIFY(!errors->isVisible());
        QCOMPARE(window_->errorText(), QString());
    }

    void printedTextShowsInTheOutputPane()
    {
        QVERIFY(call("chatty", {"2"}));
        // In order, and before the call's result.
        QVERIFY2(window_->outputText() == "line 0\nline 1\ncareful: caf\\udce9\n", qPrintable(window_->outputText()));
        QVERIFY(window_->findChild<QDockWidget*>("outputDock")->isVisible());
        // Once the call is over, sys.stdout is what it was.
        QCOMPARE(testing::str("type(sys.stdout).__name__"), std::string("TextIOWrapper"));
        QVERIFY(call("chatty", {"1"}));
        QVERIFY(window_->outputText().endsWith("careful: caf\\udce9\nline 0\ncareful: caf\\udce9\n"));
        // A script that prints while it loads; another script starts an empty pane.
        const QString path = folder_->filePath("printing.py");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("import sys\nprint('loading', __name__)\nsys.stderr.write('err\\n')\n");
        file.close();
        script_ = path;
        QVERIFY(open());
        QCOMPARE(window_->outputText(), QString("loading printing\nerr\n"));
    }

    void nonBufferResultSaysWhatCameBack()
    {
        QVERIFY(!call("text"));
        QVERIFY2(window_->errorText().contains("text() returned a 'str' object, which does not support the buffer protocol"),
                 qPrintable(window_->errorText()));
        QCOMPARE(window_->tabs()->count(), 0);
    }

    void aCallRepaintsEveryView()
    {
        QVERIFY(call("matrix"));
        ArrayDocument* document = window_->currentTab()->document();
        QSignalSpy changed(document, &ArrayDocument::cellsChanged);
        QVERIFY(call("bump"));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(document->displayText(0, 0), QString("101"));
    }

    void sliceBarPicksPlanes()
    {
        QVERIFY(call("cube"));
        ArrayViewTab* tab = window_->currentTab();
        SliceBar* bar = tab->sliceBar();
        QCOMPARE(bar->sliceText(), QString("0,:,:"));
        auto* index0 = bar->findChild<QSpinBox*>("index0");
        QVERIFY(index0);
        index0->setValue(2);
        QCOMPARE(bar->sliceText(), QString("2,:,:"));
        QCOMPARE(tab->document()->displayText(0, 0), QString("40.0"));
        index0->setValue(-1); // negative counts from the end
        QCOMPARE(tab->document()->displayText(0, 0), QString("40.0"));
        bar->applyText(":,0,::-1");
        QCOMPARE(tab->document()->view().rows(), std::int64_t{3});
        QCOMPARE(tab->document()->view().cols(), std::int64_t{5});
        QCOMPARE(tab->document()->displayText(1, 0), QString("24.0"));
        QCOMPARE(bar->findChild<QSpinBox*>("index1")->value(), 0);
        bar->applyText("0");
        QCOMPARE(tab->document()->view().rows(), std::int64_t{4});
        bar->applyText("5,:,:");
        QVERIFY(bar->findChild<QLabel*>("sliceProblem")->text().contains("out of bounds"));
        QCOMPARE(tab->document()->view().rows(), std::int64_t{4}); // the refused slice changed nothing

        // Rows set to the axis the columns show swaps the two (a transpose).
        bar->applyText("0,:,:");
        auto* rowAxis = bar->findChild<QComboBox*>("rowAxis");
        auto* columnAxis = bar->findChild<QComboBox*>("columnAxis");
        QCOMPARE(rowAxis->currentIndex(), 1);
        QCOMPARE(columnAxis->currentIndex(), 2);
        rowAxis->setCurrentIndex(2);
        QCOMPARE(columnAxis->currentIndex(), 1);
        QCOMPARE(bar->sliceText(), QString("0,:,:.T")); // no stray space
        QCOMPARE(tab->document()->view().rows(), std::int64_t{5});
        QCOMPARE(tab->document()->view().cols(), std::int64_t{4});
        QCOMPARE(tab->document()->displayText(1, 2), QString("11.0")); // cube[0, 2, 1]
        columnAxis->setCurrentIndex(2); // and back, from the other side
        QCOMPARE(rowAxis->currentIndex(), 1);
        QCOMPARE(bar->sliceText(), QString("0,:,:"));
        // A 4-D plane of the first and last axes transposes to the last and first.
        QVERIFY(call("hyper"));
        SliceBar* hyperBar = window_->currentTab()->sliceBar();
        hyperBar->applyText(":,0,0,:");
        hyperBar->findChild<QComboBox*>("rowAxis")->setCurrentIndex(3);
        QCOMPARE(hyperBar->findChild<QComboBox*>("columnAxis")->currentIndex(), 0);
        QCOMPARE(hyperBar->sliceText(), QString(":,0,0,:.T"));
    }

    void sliceBarPicksRecordFields()
    {
        QVERIFY(call("readings"));
        ArrayViewTab* tab = window_->currentTab();
        auto* field = tab->sliceBar()->findChild<QComboBox*>("recordField");
        QVERIFY(field && field->isVisibleTo(tab));
        QCOMPARE(field->currentText(), QString("t")); // a plane shows the first field at first
        QCOMPARE(field->count(), 4);                  // (all fields), t, pos.x, pos.y
        QCOMPARE(tab->document()->displayText(1, 2), QString("2.5"));
        field->setCurrentIndex(3);
        Q_EMIT field->activated(3);
        QCOMPARE(tab->document()->field(), std::string("pos.y"));
        QCOMPARE(tab->document()->displayText(1, 2), QString("50"));
        // A column of the records shows every field side by side.
        tab->sliceBar()->applyText(":,1");
        QCOMPARE(tab->document()->view().cols(), std::int64_t{1}); // pos.y still chosen
        field->setCurrentIndex(0);
        Q_EMIT field->activated(0);
        QCOMPARE(tab->document()->view().cols(), std::int64_t{3});
        QCOMPARE(QString::fromStdString(tab->document()->view().columnHeader(1)), QString("pos.x"));
        // Back to the plane: the fields cannot all be shown, the first is.
        tab->sliceBar()->applyText(":,:");
        QCOMPARE(tab->document()->view().cols(), std::int64_t{3});
        QCOMPARE(field->currentText(), QString("t"));
        // Plain arrays have no field box.
        QVERIFY(call("matrix"));
        QVERIFY(!window_->currentTab()->sliceBar()->findChild<QComboBox*>("recordField")->isVisibleTo(window_->currentTab()));
    }

    void goToCellChecksWhatIsTyped()
    {
        QVERIFY(call("cube"));
        ArrayViewTab* tab = window_->currentTab();
        QCOMPARE(window_->goToCellText("3, 4"), QString());
        QCOMPARE(tab->grid()->currentCell(), (std::pair<std::int64_t, std::int64_t>{3, 4}));
        QCOMPARE(window_->goToCellText("-1, -2"), QString()); // from the end, as in NumPy
        QCOMPARE(tab->grid()->currentCell(), (std::pair<std::int64_t, std::int64_t>{3, 3}));
        QVERIFY(window_->goToCellText("abc").contains("is not a cell"));
        QVERIFY(window_->goToCellText("1, 2, 3").contains("is not a cell"));
        QVERIFY(window_->goToCellText("").contains("is not a cell"));
        QVERIFY(window_->goToCellText("4, 0").contains("row 4 is not in this view"));
        QVERIFY(window_->goToCellText("0, 99").contains("column 99 is not in this view"));
        QCOMPARE(tab->grid()->currentCell(), (std::pair<std::int64_t, std::int64_t>{3, 3})); // unchanged
    }

    void privateNamesAreHiddenAndSignaturesShowWhole()
    {
        auto* tree = window_->functionPanel()->findChild<QTreeWidget*>("functionTree");
        auto* showPrivate = window_->functionPanel()->findChild<QCheckBox*>("showPrivate");
        showPrivate->setChecked(false);
        const auto itemOf = [tree](const QString& name) -> QTreeWidgetItem* {
            for (QTreeWidgetItem* item : tree->findItems("*", Qt::MatchWildcard | Qt::MatchRecursive))
                if (item->data(0, Qt::UserRole).toString() == name)
                    return item;
            return nullptr;
        };
        QVERIFY(itemOf("_helper") && itemOf("matrix"));
        QVERIFY(itemOf("_helper")->isHidden());
        QVERIFY(!itemOf("matrix")->isHidden());
        QVERIFY2(tree->topLevelItem(0)->text(0).endsWith(", 1 _private hidden)"), qPrintable(tree->topLevelItem(0)->text(0)));
        showPrivate->setChecked(true);
        QVERIFY(!itemOf("_helper")->isHidden());
        showPrivate->setChecked(false);
        QVERIFY(itemOf("_helper")->isHidden());
        // Asked for by name (--call _helper), it shows.
        QVERIFY(window_->functionPanel()->select("_helper"));
        QVERIFY(!itemOf("_helper")->isHidden());
        showPrivate->setChecked(false); // the setting is remembered: leave it as found
        // The tree cuts a long signature; its tooltip has all of it.
        const QString tip = itemOf("long_signature")->toolTip(0);
        QVERIFY2(tip.startsWith("long_signature(first_parameter_with_a_long_name: int = 1, "
                                "second_parameter_with_a_long_name: float = 2.5, "
                                "third_parameter_with_a_long_name: str = 'three')"),
                 qPrintable(tip));
    }

    void textArgumentsNeedNoQuotes()
    {
        QVERIFY(window_->functionPanel()->select("echo"));
        QLineEdit* text = window_->functionPanel()->argumentField("text");
        QVERIFY(text->placeholderText().contains("quotes optional"));
        const auto callWith = [&](const QString& typed) {
            text->setText(typed);
            text->setModified(true);
            QSignalSpy done(window_.get(), &MainWindow::callDone);
            window_->functionPanel()->requestCall();
            return done.wait(kTimeout) && done.first().first().toBool();
        };
        QVERIFY2(callWith("hello world"), qPrintable(window_->errorText()));
        QCOMPARE(window_->currentTab()->document()->exactText(0, 0), QString("hello world"));
        QVERIFY(callWith("it's C:\\temp"));
        QCOMPARE(window_->currentTab()->document()->exactText(0, 0), QString("it's C:\\temp"));
        QVERIFY(callWith("'quoted'")); // a literal still works
        QCOMPARE(window_->currentTab()->document()->exactText(0, 0), QString("quoted"));
        QVERIFY(callWith("\"3\""));
        QCOMPARE(window_->currentTab()->document()->exactText(0, 0), QString("3"));
        QVERIFY(callWith("42")); // bare digits are text too, for a str parameter
        QCOMPARE(window_->currentTab()->document()->exactText(0, 0), QString("42"));
        QCOMPARE(FunctionPanel::textLiteral("a\nb"), QString("'a\\nb'"));
        QVERIFY(!FunctionPanel::isTextAnnotation("int"));
        QVERIFY(FunctionPanel::isTextAnnotation("Optional[str]"));
    }

    void inspectorFoldsItsTableAway()
    {
        auto* table = window_->inspector()->findChild<QWidget*>("dtypeTable");
        auto* toggle = window_->inspector()->findChild<QToolButton*>("dtypeTableToggle");
        QVERIFY(table && toggle);
        QVERIFY(!table->isVisible());
        toggle->click();
        QVERIFY(table->isVisible());
        toggle->click();
        QVERIFY(!table->isVisible());
    }

    void inspectorHighlightsTheDtype()
    {
        QVERIFY(call("matrix"));
        const int row = window_->inspector()->highlightedRow();
        QVERIFY(row >= 0);
        QCOMPARE(DtypeTable::rows()[static_cast<std::size_t>(row)].numpyName, std::string_view("int32"));
    }

    void reloadRecallsViewsAndMarksMissingOnes()
    {
        QVERIFY(call("matrix"));
        QVERIFY(call("cube"));
        QFile file(script_);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString source = QString::fromUtf8(file.readAll());
        file.close();
        source.replace("def cube(", "def renamed_cube(");
        source.replace("dtype=np.int32)", "dtype=np.int64)");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(source.toUtf8());
        file.close();
        QSignalSpy ready(window_.get(), &MainWindow::scriptReady);
        QSignalSpy done(window_.get(), &MainWindow::callDone);
        QVERIFY(ready.wait(kTimeout)); // the file watcher reloads
        QVERIFY(done.count() >= 1 || done.wait(kTimeout));
        auto* matrixTab = qobject_cast<ArrayViewTab*>(window_->tabs()->widget(0));
        auto* cubeTab = qobject_cast<ArrayViewTab*>(window_->tabs()->widget(1));
        QCOMPARE(window_->tabs()->tabText(0), QString("matrix() — int64 (2, 3)"));
        QVERIFY(!matrixTab->isStale());
        QVERIFY(cubeTab->isStale());
        QCOMPARE(cubeTab->document()->displayText(0, 1), QString("1.0")); // still shows its old buffer
    }

    void aReloadKeepsTheViewAsTheUserLeftIt()
    {
        QVERIFY(call("persistent")); // the same memory on every call
        ArrayViewTab* tab = window_->currentTab();
        tab->setRefreshPolicy(ArrayViewTab::RefreshPolicy::Rerun);
        ArrayDocument* document = tab->document();
        ArrayGridView* grid = tab->grid();
        grid->goToCell(900, 1);
        // The cursor off the screen's edge: a viewport a row shorter after the
        // reload (a status line that wraps) keeps it on screen without scrolling.
        grid->goToCell(890, 1);
        DisplayOptions fixed;
        fixed.floatStyle = DisplayOptions::FloatStyle::Fixed;
        fixed.precision = 2;
        document->setDisplayOptions(fixed);
        QVERIFY(document->setCellText(900, 1, "5"));
        const std::int64_t top = grid->model()->originRow();
        QVERIFY(top > 0);
        const ArrayData* before = document->data().get();
        window_->reloadScript();
        QTRY_VERIFY_WITH_TIMEOUT(document->data().get() != before, kTimeout);
        // The same document and grid: scroll position, cursor, format, undo history.
        QCOMPARE(tab->document(), document);
        QCOMPARE(tab->grid(), grid);
        QCOMPARE(grid->model()->originRow(), top);
        QCOMPARE(grid->currentCell(), (std::pair<std::int64_t, std::int64_t>{890, 1}));
        QCOMPARE(document->displayOptions(), fixed);
        QCOMPARE(document->displayText(900, 1), QString("5.00"));
        QCOMPARE(document->undoStack()->count(), 1);
        document->undoStack()->undo();
        QCOMPARE(testing::str("float(sys.modules['gui_script_store'].array[900, 1] * 7)"), std::string("1801.0"));
        // A re-run that returns a new array drops the steps that would write into the old one, and says so.
        QVERIFY(call("matrix"));
        ArrayViewTab* matrixTab = window_->currentTab();
        matrixTab->setRefreshPolicy(ArrayViewTab::RefreshPolicy::Rerun);
        QVERIFY(matrixTab->document()->setCellText(1, 1, "-5"));
        const ArrayData* matrixBefore = matrixTab->document()->data().get();
        window_->reloadScript();
        QTRY_VERIFY_WITH_TIMEOUT(matrixTab->document()->data().get() != matrixBefore, kTimeout);
        QCOMPARE(matrixTab->document()->undoStack()->count(), 0);
        QVERIFY2(window_->statusBar()->currentMessage().contains("undo steps of the earlier one were dropped"),
                 qPrintable(window_->statusBar()->currentMessage()));
        testing::exec("del sys.modules['gui_script_store']");
    }

    void aReloadFollowsEachViewsRefreshPolicy()
    {
        QVERIFY(call("matrix"));
        ArrayViewTab* kept = window_->currentTab();
        kept->setRefreshPolicy(ArrayViewTab::RefreshPolicy::Keep);
        QVERIFY(call("cube"));
        ArrayViewTab* asked = window_->currentTab();
        asked->setRefreshPolicy(ArrayViewTab::RefreshPolicy::Ask);
        QVERIFY(call("typed"));
        ArrayViewTab* rerun = window_->currentTab();
        QCOMPARE(rerun->refreshPolicy(), ArrayViewTab::RefreshPolicy::Rerun); // a fast call re-runs by default
        const ArrayData* keptData = kept->document()->data().get();
        const ArrayData* askedData = asked->document()->data().get();
        const ArrayData* rerunData = rerun->document()->data().get();
        window_->reloadScript();
        QTRY_VERIFY_WITH_TIMEOUT(rerun->document()->data().get() != rerunData, kTimeout);
        QMessageBox* question = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((question = window_->findChild<QMessageBox*>("refreshQuestion")) && question->isVisible(),
                                 kTimeout);
        QVERIFY2(question->text().contains("cube()") && !question->text().contains("matrix"), qPrintable(question->text()));
        QCOMPARE(asked->document()->data().get(), askedData); // not before the answer
        for (QAbstractButton* button : question->buttons())
            if (button->text() == "Re-run")
                button->click();
        QTRY_VERIFY_WITH_TIMEOUT(asked->document()->data().get() != askedData, kTimeout);
        QCOMPARE(kept->document()->data().get(), keptData); // never re-run
        QVERIFY(!kept->isStale());
        // Chosen in the View menu, a policy is remembered for the function's next views.
        window_->tabs()->setCurrentWidget(kept);
        QAction* ask = nullptr;
        for (QAction* action : window_->findChildren<QAction*>())
            if (action->text() == "&Ask first")
                ask = action;
        QVERIFY(ask);
        QVERIFY(!ask->isChecked());
        ask->trigger();
        QCOMPARE(kept->refreshPolicy(), ArrayViewTab::RefreshPolicy::Ask);
        QVERIFY(call("matrix"));
        QCOMPARE(window_->currentTab()->refreshPolicy(), ArrayViewTab::RefreshPolicy::Ask);
        QVERIFY(ask->isChecked()); // the menu follows the current view
        QSettings().remove("refresh/matrix");
    }

    void exportWritesAndFailuresReport()
    {
        QVERIFY(call("matrix"));
        const QString path = folder_->filePath("out.csv");
        QSignalSpy finished(window_.get(), &MainWindow::exportFinished);
        CsvOptions options;
        options.headerRow = true;
        options.indexColumn = true;
        window_->exportCurrentView(CellRange::whole(window_->currentTab()->document()->view()), options, path);
        QVERIFY(finished.wait(kTimeout));
        QVERIFY(finished.first().first().toBool());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray(",0,1,2\n0,1,2,3\n1,4,5,6\n"));

        window_->exportCurrentView(CellRange{0, 1, 1, 2}, {}, folder_->filePath("no-such-folder/out.csv"));
        QVERIFY(finished.wait(kTimeout));
        QCOMPARE(finished.at(1).at(0).toBool(), false);
        QVERIFY(finished.at(1).at(1).toString().contains("No such file or directory"));
    }

    void cancelledExportLeavesNothingBehind()
    {
        QVERIFY(call("big"));
        const QString path = folder_->filePath("big.csv");
        {
            QFile existing(path);
            QVERIFY(existing.open(QIODevice::WriteOnly));
            existing.write("keep me\n");
        }
        QSignalSpy finished(window_.get(), &MainWindow::exportFinished);
        window_->exportCurrentView(CellRange::whole(window_->currentTab()->document()->view()), {}, path);
        auto* progress = window_->findChild<QProgressDialog*>("exportProgress");
        QVERIFY(progress);
        Q_EMIT progress->canceled(); // as its Cancel button does
        QVERIFY(finished.wait(kTimeout));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QCOMPARE(finished.first().at(1).toString(), QString()); // cancelled, not failed
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("keep me\n"));
        QCOMPARE(QDir(folder_->path()).entryList({"*.arraylens-*"}, QDir::Files | QDir::Hidden).size(), 0);
    }

    void editsDuringAnExportWaitForTheBlockBeingRead()
    {
        // The export's threads read the array while the GUI thread writes
        // it: each edit waits for the block being formatted, so every cell
        // of the file is the old or the new value, never a torn mix
        // (ThreadSanitizer checks the order, scripts/test-tsan).
        QVERIFY(call("big"));
        ArrayDocument* document = window_->currentTab()->document();
        const QString path = folder_->filePath("edited.csv");
        QSignalSpy finished(window_.get(), &MainWindow::exportFinished);
        window_->exportCurrentView(CellRange::whole(document->view()), {}, path);
        QVERIFY(document->setCellText(0, 0, "-1"));
        QVERIFY(document->setCellText(499999, 7, "-2"));
        document->undoStack()->undo();
        document->undoStack()->redo();
        QVERIFY(finished.wait(kTimeout));
        QVERIFY(finished.first().first().toBool());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray first = file.readLine();
        QVERIFY2(first.startsWith("0.0,") || first.startsWith("-1.0,"), first.constData());
        QCOMPARE(document->displayText(499999, 7), QString("-2.0"));
    }

    void closingAViewReleasesItsBuffer()
    {
        QVERIFY(call("tracked"));
        QCOMPARE(pythonOf("last() is not None"), std::string("True"));
        Q_EMIT window_->tabs()->tabCloseRequested(0);
        QCOMPARE(window_->tabs()->count(), 0);
        // The export is released on the worker thread, soon but not at once.
        QTRY_COMPARE(pythonOf("last() is None"), std::string("True"));
    }

    void aMemmapTruncatedByTheNextCallLeavesItsOldViewInAnErrorState()
    {
        // The case: the same function called with n = 2000, then 10;
        // the re-call truncates the file under the first (now hidden) view,
        // which every call repaints.
        QVERIFY(call("memmap_square", {"2000"}));
        ArrayViewTab* first = window_->currentTab();
        first->grid()->goToCell(1999, 1999);
        QVERIFY(call("memmap_square", {"10"}));
        ArrayViewTab* second = window_->currentTab();
        QVERIFY(second != first);
        QCOMPARE(second->document()->displayText(9, 9), QString("1.5"));
        window_->tabs()->setCurrentWidget(first); // repaint the old view at its end
        QVERIFY(!first->grab().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(first->isMemoryLost(), kTimeout);
        const QLabel* banner = first->findChild<QLabel*>("memoryLostBanner");
        QVERIFY(banner && banner->isVisible());
        QVERIFY2(banner->text().startsWith("The file behind this view shrank"), qPrintable(banner->text()));
        QCOMPARE(first->document()->displayText(0, 0), QString());
        QVERIFY(!first->document()->setCellText(0, 0, "2"));
        // Every other view, and the app, go on.
        QCOMPARE(second->document()->displayText(9, 9), QString("1.5"));
        QVERIFY(second->document()->setCellText(9, 9, "2.5"));
        QCOMPARE(pythonOf("memmap_square.__name__"), std::string("memmap_square"));
        Q_EMIT window_->tabs()->tabCloseRequested(window_->tabs()->indexOf(first));
        Q_EMIT window_->tabs()->tabCloseRequested(window_->tabs()->indexOf(second));
        testing::exec("os.unlink(os.path.join(tempfile.gettempdir(), f'arraylens-gui-memmap-{os.getpid()}.dat'))");
    }

    void quittingWithAScriptThreadAsksAndWaits()
    {
        QVERIFY(call("start_writer", {"'writer-7'"}));
        window_->close();
        QuitGuard* guard = window_->quitGuard();
        QTRY_VERIFY_WITH_TIMEOUT(guard->dialog() && guard->dialog()->isVisible(), kTimeout);
        QVERIFY(window_->isVisible()); // not closed, not frozen: asked
        QMessageBox* question = guard->dialog();
        QCOMPARE(question->objectName(), QString("scriptThreadsQuestion"));
        QVERIFY2(question->informativeText().contains("writer-7"), qPrintable(question->informativeText()));
        QAbstractButton* wait = nullptr;
        for (QAbstractButton* button : question->buttons())
            if (button->text() == "Wait for it")
                wait = button;
        QVERIFY(wait);
        wait->click();
        QTRY_VERIFY_WITH_TIMEOUT(guard->dialog() && guard->dialog()->objectName() == "scriptThreadsWaiting", kTimeout);
        QTest::qWait(600); // a few polls: the thread still runs, so the window stays
        QVERIFY(window_->isVisible());
        testing::exec("sys.modules['gui_script'].stop_writer()");
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeout);
        QVERIFY(!window_->abandonsScriptThreads());
    }

    void quittingAnywayLeavesTheThreadsBehind()
    {
        QVERIFY(call("start_writer", {}));
        window_->close();
        QuitGuard* guard = window_->quitGuard();
        QTRY_VERIFY_WITH_TIMEOUT(guard->dialog() && guard->dialog()->isVisible(), kTimeout);
        for (QAbstractButton* button : guard->dialog()->buttons())
            if (button->text() == "Quit anyway")
                button->click();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeout);
        QVERIFY(window_->abandonsScriptThreads());
        testing::exec("sys.modules['gui_script'].stop_writer()"); // this suite goes on
    }

    void cancellingTheQuitKeepsTheWindow()
    {
        QVERIFY(call("start_writer", {}));
        window_->close();
        QuitGuard* guard = window_->quitGuard();
        QTRY_VERIFY_WITH_TIMEOUT(guard->dialog() && guard->dialog()->isVisible(), kTimeout);
        guard->dialog()->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!guard->dialog(), kTimeout);
        QTest::qWait(300);
        QVERIFY(window_->isVisible());
        QVERIFY(call("matrix")); // still working
        testing::exec("sys.modules['gui_script'].stop_writer()");
        window_->close(); // nothing runs now: it closes
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeout);
    }

    void quittingWithNoScriptThreadClosesAtOnce()
    {
        QVERIFY(call("matrix"));
        window_->close();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeout);
        QVERIFY(!window_->quitGuard()->dialog());
    }

    void aCrashReportOfAnEarlierRunIsShown()
    {
        QTemporaryDir crashes;
        const QString log = crashes.filePath("crash-999999999.log"); // no such process
        QFile file(log);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Fatal Python error: Segmentation fault\n\nCurrent thread 0x1 (most recent call first):\n"
                   "  File \"/tmp/s.py\", line 4 in crash\n");
        file.close();
        QFile empty(crashes.filePath("crash-999999998.log")); // a run that ended without removing its log
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const auto reports = CrashLog::collectPrevious(crashes.path().toStdString());
        QCOMPARE(reports.size(), std::size_t{1});
        QVERIFY(!QFile::exists(log) && !QFile::exists(empty.fileName()));
        QCOMPARE(QString::fromStdString(reports.front().path), crashes.filePath("last-crash.log"));
        QMessageBox* box = showCrashReports(window_.get(), reports);
        QVERIFY(box && box->isVisible());
        QVERIFY(box->detailedText().contains("line 4 in crash"));
        QVERIFY(box->informativeText().contains(crashes.filePath("last-crash.log")));
        box->close();
        QVERIFY(CrashLog::collectPrevious(crashes.path().toStdString()).empty()); // shown once
    }

    void quittingWithACallInFlightExitsCleanly()
    {
        QVERIFY(call("matrix"));
        window_->call("slow", {"60"});
        QTest::qWait(200);
        QElapsedTimer timer;
        timer.start();
        window_->close();
        window_.reset(); // cancels the call, stops the worker, releases the views
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }
};

ARRAYLENS_WIDGET_TEST_MAIN(MainWindowTest)

#include "test_main_window.moc"

// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include "core/py_buffer.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/array_view_tab.h"
#include "ui/csv_export_dialog.h"
#include "ui/csv_export_job.h"
#include "ui/find_bar.h"
#include "ui/dtype_inspector.h"
#include "ui/function_panel.h"
#include "ui/heat_map_menu.h"
#include "ui/plot_panel.h"
#include "ui/quit_guard.h"
#include "ui/selection_statistics.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QInputDialog>
#include <QMenuBar>
#include <QMimeData>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextCursor>
#include <QSignalBlocker>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QUndoGroup>

#include <algorithm>

using namespace arraylens;

namespace {

constexpr int kMaxRecent = 10;

// Adds one checkable action per (label, value) to `menu`, all in `group`
// (exclusive), each carrying its value as data.
template <class Value, std::size_t N>
void addChoices(QMenu* menu, QActionGroup* group, const std::pair<const char*, Value> (&choices)[N])
{
    for (const auto& [label, value] : choices) {
        QAction* action = menu->addAction(label);
        action->setCheckable(true);
        action->setData(static_cast<int>(value));
        group->addAction(action);
    }
}

bool isScript(const QUrl& url)
{
    return url.isLocalFile() && url.toLocalFile().endsWith(".py");
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), worker_(new PythonWorker(this))
{
    setWindowTitle("ArrayLens");
    setAcceptDrops(true);
    undoGroup_ = new QUndoGroup(this);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("views");
    tabs_->setTabsClosable(true);
    tabs_->setMovable(true);
    tabs_->setDocumentMode(true);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget* tab = tabs_->widget(index);
        tabs_->removeTab(index);
        delete tab; // releases the buffer now, not at the next event loop turn
    });
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::currentTabChanged);
    setCentralWidget(tabs_);

    functionPanel_ = new FunctionPanel(this);
    auto* functionDock = new QDockWidget("Functions", this);
    functionDock->setObjectName("functionsDock");
    functionDock->setWidget(functionPanel_);
    addDockWidget(Qt::LeftDockWidgetArea, functionDock);

    inspector_ = new DtypeInspector(this);
    auto* inspectorDock = new QDockWidget("Dtype inspector", this);
    inspectorDock->setObjectName("inspectorDock");
    inspectorDock->setWidget(inspector_);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    errorPanel_ = new QPlainTextEdit(this);
    errorPanel_->setObjectName("errorPanel");
    errorPanel_->setReadOnly(true);
    QFont mono("monospace");
    mono.setStyleHint(QFont::Monospace);
    errorPanel_->setFont(mono);
    errorDock_ = new QDockWidget("Errors", this);
    errorDock_->setObjectName("errorDock");
    errorDock_->setWidget(errorPanel_);
    addDockWidget(Qt::BottomDockWidgetArea, errorDock_);
    errorDock_->hide();

    // What the script print()s while it loads and runs: per script (cleared
    // when another one opens), bounded in lines.
    outputPanel_ = new QPlainTextEdit(this);
    outputPanel_->setObjectName("outputPanel");
    outputPanel_->setReadOnly(true);
    outputPanel_->setFont(mono);
    outputPanel_->setMaximumBlockCount(20000);
    outputPanel_->setPlaceholderText("What the script prints (print(), sys.stderr, warnings) shows here.");
    outputDock_ = new QDockWidget("Output", this);
    outputDock_->setObjectName("outputDock");
    outputDock_->setWidget(outputPanel_);
    addDockWidget(Qt::BottomDockWidgetArea, outputDock_);
    tabifyDockWidget(errorDock_, outputDock_);
    outputDock_->hide();
    connect(worker_, &PythonWorker::scriptOutput, this, &MainWindow::showScriptOutput);

    connect(functionPanel_, &FunctionPanel::callRequested, this, &MainWindow::call);
    connect(functionPanel_, &FunctionPanel::cancelRequested, worker_, &PythonWorker::cancelAll);
    connect(functionPanel_, &FunctionPanel::problem, this, [this](const QString& text) {
        statusBar()->showMessage(text, 8000);
    });
    connect(worker_, &PythonWorker::scriptLoaded, this, &MainWindow::onScriptLoaded);
    connect(worker_, &PythonWorker::scriptFailed, this, &MainWindow::onScriptFailed);
    connect(worker_, &PythonWorker::callFinished, this, &MainWindow::onCallFinished);
    connect(worker_, &PythonWorker::busyChanged, this, &MainWindow::showBusy);

    quitGuard_ = new QuitGuard(this, worker_);

    statistics_ = new SelectionStatistics(
        [worker = worker_](std::function<void()> job) { worker->runInBackground(std::move(job)); },
        [worker = worker_](std::shared_ptr<const void> owned) { worker->release(std::move(owned)); }, this);
    statusBar()->addPermanentWidget(statistics_);

    watcher_ = new QFileSystemWatcher(this);
    reloadTimer_ = new QTimer(this);
    reloadTimer_->setSingleShot(true);
    reloadTimer_->setInterval(300); // editors write in several steps: reload once they are done
    connect(watcher_, &QFileSystemWatcher::fileChanged, reloadTimer_, qOverload<>(&QTimer::start));
    connect(reloadTimer_, &QTimer::timeout, this, &MainWindow::reloadScript);

    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (settings.value("window/geometry").isNull()) {
        resize(1280, 800);
        resizeDocks({functionDock, inspectorDock}, {330, 300}, Qt::Horizontal);
    }
    errorDock_->hide();
    outputDock_->hide();
    currentTabChanged();
}

MainWindow::~MainWindow()
{
    // Views first (they release their buffers), then the worker stops its thread.
    while (tabs_->count() > 0) {
        QWidget* tab = tabs_->widget(0);
        tabs_->removeTab(0);
        delete tab;
    }
    delete statistics_; // its threads end, and it hands what it read to the worker
    statistics_ = nullptr;
    delete worker_;
    worker_ = nullptr;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu("&File");
    file->addAction("&Open script or data file…", QKeySequence::Open, this, [this] {
        QString path = QFileDialog::getOpenFileName(
            this, "Open a Python script or a data file", QFileInfo(scriptPath_).path(),
            "Python scripts and data files (*.py *.npy *.npz *.h5 *.hdf5 *.he5 *.nc .zarray .zgroup);;"
            "Python scripts (*.py);;NumPy arrays (*.npy *.npz);;HDF5 and netCDF-4 (*.h5 *.hdf5 *.he5 *.nc);;"
            "zarr arrays and groups (.zarray .zgroup);;All files (*)");
        // A zarr array or group is a folder: its metadata file opens it.
        if (const QFileInfo chosen(path); chosen.fileName() == ".zarray" || chosen.fileName() == ".zgroup")
            path = chosen.absolutePath();
        if (!path.isEmpty())
            openScript(path);
    });
    recentMenu_ = file->addMenu("Open &recent");
    rebuildRecentMenu();
    file->addAction("&Reload script", QKeySequence(Qt::Key_F5), this, &MainWindow::reloadScript);
    file->addSeparator();
    file->addAction("&Export view as CSV…", QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::exportWithDialog);
    file->addSeparator();
    file->addAction("&Close view", QKeySequence::Close, this, [this] {
        if (tabs_->currentIndex() >= 0)
            Q_EMIT tabs_->tabCloseRequested(tabs_->currentIndex());
    });
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu("&Edit");
    QAction* undo = undoGroup_->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoGroup_->createRedoAction(this, "&Redo");
    // The platform's Redo keys plus Ctrl+Shift+Z, each once: a key listed
    // twice on one action makes the shortcut ambiguous, and Qt then ignores it.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    if (const QKeySequence shiftZ(Qt::CTRL | Qt::SHIFT | Qt::Key_Z); !redoKeys.contains(shiftZ))
        redoKeys.prepend(shiftZ);
    redo->setShortcuts(redoKeys);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction("&Copy", QKeySequence::Copy, this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->grid()->copySelection();
    });
    edit->addAction("&Paste", QKeySequence::Paste, this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->grid()->pasteClipboard();
    });
    edit->addAction("Select &all", QKeySequence::SelectAll, this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->grid()->selectAll();
    });
    edit->addAction("Toggle &mask", QKeySequence(Qt::CTRL | Qt::Key_M), this, [this] {
        // Masked arrays: masks the selected cells, or unmasks them when the
        // first is masked; one undo step.
        if (ArrayViewTab* tab = currentTab())
            tab->document()->toggleMask(tab->grid()->selection());
    });
    edit->addSeparator();
    edit->addAction("&Go to cell…", QKeySequence(Qt::CTRL | Qt::Key_G), this, &MainWindow::goToCell);
    // Find: the current view's find bar (FindBar); Enter and Esc are the bar's own.
    edit->addAction("&Find…", QKeySequence::Find, this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->findBar()->open();
    });
    edit->addAction("Find &next", QKeySequence(Qt::Key_F3), this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->findBar()->findNext();
    });
    edit->addAction("Find pre&vious", QKeySequence(Qt::SHIFT | Qt::Key_F3), this, [this] {
        if (ArrayViewTab* tab = currentTab())
            tab->findBar()->findPrevious();
    });

    QMenu* view = menuBar()->addMenu("&View");
    QMenu* floats = view->addMenu("&Float format");
    floatStyles_ = new QActionGroup(this);
    const std::pair<const char*, DisplayOptions::FloatStyle> styles[] = {
        {"C&ompact (rounded text ends in …)", DisplayOptions::FloatStyle::Compact},
        {"&Shortest round-trip (exact)", DisplayOptions::FloatStyle::Shortest},
        {"&Fixed", DisplayOptions::FloatStyle::Fixed},
        {"S&cientific", DisplayOptions::FloatStyle::Scientific},
    };
    addChoices(floats, floatStyles_, styles); // checked by showDisplayOptions below
    connect(floatStyles_, &QActionGroup::triggered, this, &MainWindow::applyDisplayOptions);
    floats->addSeparator();
    // Asks for one of the display options' numbers and applies it to the current view.
    const auto askNumber = [this](const char* title, const char* label, int& value, int minimum, int maximum) {
        bool ok = false;
        const int chosen = QInputDialog::getInt(this, title, label, value, minimum, maximum, 1, &ok);
        if (ok) {
            value = chosen;
            applyDisplayOptions();
        }
    };
    floats->addAction("&Precision…", this, [this, askNumber] {
        askNumber("Precision", "Digits after the point (fixed, scientific):", precision_, 0, 60);
    });
    floats->addAction("Compact &digits…", this, [this, askNumber] {
        askNumber("Compact digits", "Significant digits shown (compact):", compactDigits_, 1, 17);
    });
    hexIntegers_ = view->addAction("&Hexadecimal integers");
    hexIntegers_->setCheckable(true);
    connect(hexIntegers_, &QAction::toggled, this, &MainWindow::applyDisplayOptions);
    QSettings settings;
    DisplayOptions remembered;
    remembered.floatStyle = static_cast<DisplayOptions::FloatStyle>(std::clamp(
        settings.value("display/floatStyle", static_cast<int>(DisplayOptions::FloatStyle::Compact)).toInt(), 0, 3));
    remembered.precision = std::clamp(settings.value("display/precision", 6).toInt(), 0, 60);
    remembered.compactDigits = std::clamp(settings.value("display/compactDigits", 6).toInt(), 1, 17);
    remembered.hexIntegers = settings.value("display/hexIntegers", false).toBool();
    showDisplayOptions(remembered);
    heatMapMenu_ = new HeatMapMenu(this);
    view->addMenu(heatMapMenu_);
    PlotPanel::addMenuActions(view, [this] { return currentTab() ? currentTab()->plotPanel() : nullptr; });
    QMenu* refresh = view->addMenu("When the script &changes (this view)");
    refreshPolicies_ = new QActionGroup(this);
    const std::pair<const char*, ArrayViewTab::RefreshPolicy> policies[] = {
        {"&Re-run its function", ArrayViewTab::RefreshPolicy::Rerun},
        {"&Keep what it shows", ArrayViewTab::RefreshPolicy::Keep},
        {"&Ask first", ArrayViewTab::RefreshPolicy::Ask},
    };
    addChoices(refresh, refreshPolicies_, policies);
    connect(refreshPolicies_, &QActionGroup::triggered, this, [this](QAction* action) {
        ArrayViewTab* tab = currentTab();
        if (!tab)
            return;
        const auto policy = static_cast<ArrayViewTab::RefreshPolicy>(action->data().toInt());
        tab->setRefreshPolicy(policy);
        // Remembered for the function: its next view starts with it.
        QSettings().setValue("refresh/" + tab->callName(), static_cast<int>(policy));
    });
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
}

void MainWindow::openScript(const QString& path, const QString& thenCall, const QStringList& arguments)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (absolute != scriptPath_) {
        // Another script: its output pane starts empty (and shows itself again when it prints).
        outputPanel_->clear();
        outputShown_ = false;
    }
    pendingCall_ = thenCall;
    pendingArguments_ = arguments;
    statusBar()->showMessage("Opening " + absolute + " …");
    worker_->openScript(absolute);
}

void MainWindow::reloadScript()
{
    if (scriptPath_.isEmpty())
        return;
    statusBar()->showMessage("Reloading " + scriptPath_ + " …");
    worker_->reloadScript();
}

void MainWindow::call(const QString& name, const QStringList& literalArguments)
{
    pendingCalls_.push_back({name, false, nullptr});
    statusBar()->showMessage(QString("Calling %1(%2) …").arg(name, literalArguments.join(", ")));
    worker_->call(name, literalArguments);
    showBusy(worker_->isBusy());
}

void MainWindow::showBusy(bool busy)
{
    QStringList queued;
    for (std::size_t i = 1; i < pendingCalls_.size(); ++i)
        queued << pendingCalls_[i].name + "()";
    functionPanel_->setBusy(busy, pendingCalls_.empty() ? QString("the script") : pendingCalls_.front().name + "()",
                            queued);
}

void MainWindow::onScriptLoaded(const ScriptListing& listing, bool reloaded)
{
    const bool newScript = listing.path != scriptPath_;
    dataFileOpen_ = listing.dataFile;
    // Opening the open script again runs it again, as a reload does.
    reloaded = reloaded || !newScript;
    if (newScript) {
        if (!scriptPath_.isEmpty())
            watcher_->removePath(scriptPath_);
        scriptPath_ = listing.path;
        rememberRecent(scriptPath_);
    }
    // Editors replace files on save: watch the path again every time.
    if (!watcher_->files().contains(scriptPath_))
        watcher_->addPath(scriptPath_);
    setWindowTitle(QString("ArrayLens — %1").arg(QFileInfo(scriptPath_).fileName()));
    clearFailure(); // the script loads now: an earlier failure no longer applies
    functionPanel_->setListing(listing);
    if (auto* dock = findChild<QDockWidget*>("functionsDock"))
        dock->setWindowTitle(listing.dataFile ? "Datasets" : "Functions");
    // A data file that is one array (an .npy) opens on that array.
    if (listing.dataFile && newScript && listing.functions.size() == 1 && pendingCall_.isEmpty())
        pendingCall_ = QString::fromStdString(listing.functions.front().name);
    if (listing.dataFile)
        statusBar()->showMessage(QString("%1 %2: %3 datasets")
                                     .arg(reloaded ? "Reloaded" : "Opened", scriptPath_)
                                     .arg(listing.functions.size()),
                                 8000);
    else
        statusBar()->showMessage(QString("%1 %2: %3 functions, %4 buffer variables")
                                     .arg(reloaded ? "Reloaded" : "Opened", scriptPath_)
                                     .arg(listing.functions.size())
                                     .arg(listing.bufferGlobals.size()),
                                 8000);
    if (reloaded) {
        // Each view of this script as its policy says: called again, kept,
        // or asked about; views whose function is gone stay as they are and say so.
        QList<QPointer<ArrayViewTab>> asked;
        for (int i = 0; i < tabs_->count(); ++i) {
            auto* tab = qobject_cast<ArrayViewTab*>(tabs_->widget(i));
            if (tab->scriptPath() != scriptPath_)
                continue; // made by another script: stays as it is
            bool exists = false;
            for (const FunctionInfo& function : listing.functions)
                exists = exists || QString::fromStdString(function.name) == tab->callName();
            for (const BufferGlobalInfo& global : listing.bufferGlobals)
                exists = exists || QString::fromStdString(global.name) == tab->callName();
            if (!exists) {
                tab->markStale(QString("the reloaded script has no %1").arg(tab->callName()));
                continue;
            }
            if (tab->refreshPolicy() == ArrayViewTab::RefreshPolicy::Rerun)
                refreshView(tab);
            else if (tab->refreshPolicy() == ArrayViewTab::RefreshPolicy::Ask)
                asked << tab;
        }
        if (!asked.isEmpty())
            askToRefresh(asked);
    } else if (newScript) {
        // A view of another script's buffers keeps working but cannot be refreshed from this one.
        for (int i = 0; i < tabs_->count(); ++i) {
            auto* tab = qobject_cast<ArrayViewTab*>(tabs_->widget(i));
            if (!tab->isStale())
                tab->markStale(QString("made by %1, and another script was opened").arg(QFileInfo(tab->scriptPath()).fileName()));
        }
    }
    Q_EMIT scriptReady(true);
    if (!pendingCall_.isEmpty()) {
        functionPanel_->select(pendingCall_);
        call(std::exchange(pendingCall_, QString()), std::exchange(pendingArguments_, {}));
    }
}

void MainWindow::onScriptFailed(const QString& path, const PythonFailure& failure, bool reloaded)
{
    pendingCall_.clear();
    if (failure.cancelled)
        statusBar()->showMessage(QString("%1 %2 was cancelled").arg(reloaded ? "Reloading" : "Opening", path), 8000);
    else
        showFailure(reloaded ? QString("Reloading %1 failed; the previous version stays loaded").arg(path)
                             : QString("Cannot open %1").arg(path),
                    failure);
    if (reloaded && !watcher_->files().contains(path) && QFileInfo::exists(path))
        watcher_->addPath(path);
    Q_EMIT scriptReady(false);
}

void MainWindow::onCallFinished(const CallOutcome& outcome)
{
    PendingCall pending;
    if (!pendingCalls_.empty()) {
        pending = pendingCalls_.front();
        pendingCalls_.pop_front();
    }
    const bool wasRecall = pending.refresh;
    ArrayViewTab* target = pending.view; // null if the view was closed meanwhile
    if (!pendingCalls_.empty())
        showBusy(true);
    const QString call = QString("%1(%2)").arg(outcome.name, outcome.arguments.join(", "));
    if (!outcome.array) {
        if (wasRecall && target)
            target->markStale(outcome.failure.message);
        else if (outcome.failure.cancelled)
            statusBar()->showMessage(outcome.failure.message == "cancelled before it started"
                                         ? QString("%1 was cancelled before it started").arg(call)
                                         : QString("%1 was cancelled after %2 s").arg(call).arg(outcome.elapsedMs / 1000.0),
                                     8000);
        else
            showFailure(QString("%1 failed").arg(call), outcome.failure);
        Q_EMIT callDone(false);
        return;
    }
    if (wasRecall) {
        if (target) {
            target->replaceArray(outcome.array);
            tabs_->setTabText(tabs_->indexOf(target), target->title());
        }
    } else {
        auto* tab = new ArrayViewTab(
            outcome.array, outcome.name, outcome.arguments,
            [worker = worker_](std::shared_ptr<const void> owned) { worker->release(std::move(owned)); },
            [worker = worker_](std::function<void()> job) { worker->runInBackground(std::move(job)); }, tabs_);
        tab->setScriptPath(scriptPath_);
        tab->setDataset(dataFileOpen_);
        // A dataset is read again cheaply and without side effects.
        tab->setRefreshPolicy(dataFileOpen_ ? ArrayViewTab::RefreshPolicy::Rerun
                                            : initialRefreshPolicy(outcome.name, outcome.elapsedMs));
        addTab(tab);
        clearFailure(); // a call worked since: the last one's traceback is no longer news
        statusBar()->showMessage(QString("%1 returned in %2 ms").arg(call).arg(outcome.elapsedMs), 5000);
    }
    // The call may have changed other arrays in place: every view repaints.
    repaintAllViews();
    currentTabChanged();
    Q_EMIT callDone(true);
}

void MainWindow::refreshView(ArrayViewTab* tab)
{
    pendingCalls_.push_back({tab->callName(), true, tab});
    worker_->call(tab->callName(), tab->arguments());
}

void MainWindow::askToRefresh(const QList<QPointer<ArrayViewTab>>& views)
{
    QStringList names;
    for (const QPointer<ArrayViewTab>& view : views)
        names << view->callName() + "()";
    auto* box = new QMessageBox(QMessageBox::Question, "The script changed",
                                QString("Call %1 again to refresh %2?").arg(names.join(", "),
                                                                            views.size() == 1 ? "its view" : "their views"),
                                QMessageBox::NoButton, this);
    box->setObjectName("refreshQuestion");
    box->setInformativeText("These views ask before they re-run (View › When the script changes). Kept views go on "
                            "showing what the earlier call returned.");
    QPushButton* rerun = box->addButton("Re-run", QMessageBox::AcceptRole);
    box->addButton("Keep", QMessageBox::RejectRole);
    box->setDefaultButton(rerun);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, views, rerun](QAbstractButton* button) {
        if (button != rerun)
            return;
        for (const QPointer<ArrayViewTab>& view : views)
            if (view) // closed meanwhile
                refreshView(view);
        showBusy(worker_->isBusy());
    });
    box->open(); // not exec(): the window goes on
}

ArrayViewTab::RefreshPolicy MainWindow::initialRefreshPolicy(const QString& function, qint64 elapsedMs)
{
    const QVariant remembered = QSettings().value("refresh/" + function);
    if (remembered.isValid())
        return static_cast<ArrayViewTab::RefreshPolicy>(std::clamp(remembered.toInt(), 0, 2));
    return elapsedMs < 1000 ? ArrayViewTab::RefreshPolicy::Rerun : ArrayViewTab::RefreshPolicy::Ask;
}

void MainWindow::showRefreshPolicy()
{
    ArrayViewTab* tab = currentTab();
    refreshPolicies_->setEnabled(tab != nullptr);
    for (QAction* action : refreshPolicies_->actions())
        action->setChecked(tab && action->data().toInt() == static_cast<int>(tab->refreshPolicy()));
}

void MainWindow::repaintAllViews()
{
    for (int i = 0; i < tabs_->count(); ++i)
        qobject_cast<ArrayViewTab*>(tabs_->widget(i))->document()->notifyExternalChange();
}

void MainWindow::showFailure(const QString& title, const PythonFailure& failure)
{
    QString text = title + "\n\n" + failure.message + "\n";
    if (!failure.traceback.isEmpty())
        text += "\n" + failure.traceback;
    errorPanel_->setPlainText(text);
    errorDock_->show();
    errorDock_->raise();
    statusBar()->showMessage(title + ": " + failure.message, 10000);
}

void MainWindow::clearFailure()
{
    errorPanel_->clear();
    errorDock_->hide();
}

void MainWindow::showScriptOutput(const QString& text, bool error)
{
    QTextCursor end(outputPanel_->document());
    end.movePosition(QTextCursor::End);
    QTextCharFormat format;
    if (error)
        format.setForeground(QColor(0xb0, 0x00, 0x20)); // stderr in red, as terminals and IDEs show it
    end.insertText(text, format);
    outputPanel_->ensureCursorVisible();
    outputPanel_->verticalScrollBar()->setValue(outputPanel_->verticalScrollBar()->maximum());
    // Shown (not raised over the errors) the first time a script prints; a
    // user who closes it afterwards keeps it closed.
    if (!outputShown_) {
        outputShown_ = true;
        const bool wasHidden = outputDock_->isHidden();
        outputDock_->show();
        if (wasHidden && errorDock_->isHidden())
            resizeDocks({outputDock_}, {height() / 6}, Qt::Vertical); // a few lines, not half the window
    }
}

QString MainWindow::outputText() const
{
    return outputPanel_->toPlainText();
}

QString MainWindow::errorText() const
{
    return errorPanel_->toPlainText();
}

void MainWindow::addTab(ArrayViewTab* tab)
{
    connect(tab, &ArrayViewTab::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(tab, &ArrayViewTab::documentReplaced, this, &MainWindow::currentTabChanged);
    // New views start with the display options chosen last.
    tab->document()->setDisplayOptions(menuDisplayOptions());
    const int index = tabs_->addTab(tab, tab->title());
    tabs_->setTabToolTip(index, tab->title());
    tabs_->setCurrentIndex(index);
    tab->grid()->setFocus();
}

ArrayViewTab* MainWindow::currentTab() const
{
    return qobject_cast<ArrayViewTab*>(tabs_->currentWidget());
}

void MainWindow::currentTabChanged()
{
    ArrayViewTab* tab = currentTab();
    showRefreshPolicy();
    for (QUndoStack* stack : undoGroup_->stacks())
        undoGroup_->removeStack(stack);
    if (statistics_)
        statistics_->setDocument(tab ? tab->document() : nullptr);
    heatMapMenu_->setScale(tab ? tab->colorScale() : nullptr);
    if (!tab) {
        inspector_->showArray(nullptr);
        return;
    }
    undoGroup_->addStack(tab->document()->undoStack());
    undoGroup_->setActiveStack(tab->document()->undoStack());
    showDisplayOptions(tab->document()->displayOptions()); // the View menu follows the view
    inspector_->showArray(tab->document()->data());
}

DisplayOptions MainWindow::menuDisplayOptions() const
{
    DisplayOptions options;
    options.floatStyle = static_cast<DisplayOptions::FloatStyle>(floatStyles_->checkedAction()->data().toInt());
    options.precision = precision_;
    options.compactDigits = compactDigits_;
    options.hexIntegers = hexIntegers_->isChecked();
    return options;
}

void MainWindow::showDisplayOptions(const DisplayOptions& options)
{
    const QSignalBlocker blockStyles(floatStyles_);
    const QSignalBlocker blockHex(hexIntegers_);
    for (QAction* action : floatStyles_->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(options.floatStyle));
    precision_ = options.precision;
    compactDigits_ = options.compactDigits;
    hexIntegers_->setChecked(options.hexIntegers);
}

void MainWindow::applyDisplayOptions()
{
    const DisplayOptions options = menuDisplayOptions();
    QSettings settings;
    settings.setValue("display/floatStyle", static_cast<int>(options.floatStyle));
    settings.setValue("display/precision", options.precision);
    settings.setValue("display/compactDigits", options.compactDigits);
    settings.setValue("display/hexIntegers", options.hexIntegers);
    if (ArrayViewTab* tab = currentTab())
        tab->document()->setDisplayOptions(options);
}

void MainWindow::goToCell()
{
    if (!currentTab())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(this, "Go to cell", "Row, column (true indices; negative counts from the end):",
                                               QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    const QString problem = goToCellText(text);
    if (!problem.isEmpty())
        statusBar()->showMessage(problem, 8000);
}

QString MainWindow::goToCellText(const QString& text)
{
    ArrayViewTab* tab = currentTab();
    if (!tab)
        return "no view is open";
    const QStringList parts = text.split(',', Qt::SkipEmptyParts);
    const StridedView& view = tab->document()->view();
    std::int64_t labels[2] = {0, view.cols() ? view.colLabel(0) : 0};
    bool valid = !parts.isEmpty() && parts.size() <= 2;
    for (qsizetype i = 0; valid && i < parts.size(); ++i)
        labels[i] = parts[i].trimmed().toLongLong(&valid);
    if (!valid)
        return QString("'%1' is not a cell: type row, column (e.g. 999999, 3)").arg(text);
    // Negative indices count from the end of the buffer's axis, as in NumPy.
    const auto& shape = tab->document()->data()->shape();
    const int axes[2] = {view.rowAxis(), view.colAxis()};
    for (int i = 0; i < 2; ++i)
        if (labels[i] < 0 && axes[i] >= 0)
            labels[i] += shape[static_cast<std::size_t>(axes[i])];
    return tab->goToLabels(labels[0], labels[1]);
}

void MainWindow::exportWithDialog()
{
    ArrayViewTab* tab = currentTab();
    if (!tab)
        return;
    const CellRange selection = tab->grid()->selection();
    const bool hasSelection = selection.rowCount > 0 && selection.columnCount > 0;
    const QString suggested = QFileInfo(scriptPath_).absoluteDir().filePath(tab->callName() + ".csv");
    CsvExportDialog dialog(tab->document()->displayOptions(), hasSelection, suggested, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    exportCurrentView(dialog.selectionOnly() ? selection : CellRange::whole(tab->document()->view()), dialog.options(),
                      dialog.path());
}

void MainWindow::exportCurrentView(const CellRange& range, const CsvOptions& options, const QString& path)
{
    ArrayViewTab* tab = currentTab();
    if (!tab)
        return;
    auto* job = new CsvExportJob(tab->document()->source(), range, options, path, this);
    auto* progress = new QProgressDialog(QString("Exporting %1 rows to %2 …").arg(range.rowCount).arg(path), "Cancel",
                                         0, 1000, this);
    progress->setObjectName("exportProgress");
    progress->setMinimumDuration(400); // short exports show no dialog at all
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    auto* poll = new QTimer(progress);
    connect(poll, &QTimer::timeout, progress, [job, progress] {
        if (job->rowCount() > 0)
            progress->setValue(static_cast<int>(1000 * job->rowsWritten() / job->rowCount()));
    });
    poll->start(100);
    connect(progress, &QProgressDialog::canceled, job, &CsvExportJob::cancel);
    connect(job, &CsvExportJob::finished, this, [this, job, progress, path, range](bool ok, const QString& error) {
        progress->deleteLater();
        job->deleteLater();
        if (ok)
            statusBar()->showMessage(QString("Exported %1 rows to %2").arg(range.rowCount).arg(path), 8000);
        else if (error.isEmpty())
            statusBar()->showMessage("Export cancelled: nothing was written", 8000);
        else {
            // Not exec(): the window (and a test driving it) keeps running.
            auto* box = new QMessageBox(QMessageBox::Warning, "Export failed", error, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            statusBar()->showMessage("Export failed: " + error, 10000);
        }
        Q_EMIT exportFinished(ok, error);
    });
    job->start();
}

void MainWindow::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value("recentScripts").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue("recentScripts", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentScripts").toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(path, this, [this, path] { openScript(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

bool MainWindow::abandonsScriptThreads() const
{
    return quitGuard_->abandonsThreads();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!quitGuard_->mayClose()) {
        event->ignore();
        quitGuard_->check(); // closes the window again once quitting is cleared
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    worker_->cancel(); // a call in flight must not hold up quitting
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && isScript(urls.front()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && isScript(urls.front())) {
        openScript(urls.front().toLocalFile());
        event->acceptProposedAction();
    }
}

// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"
#include "ui/python_worker.h"

#include <QMainWindow>
#include <QPointer>

#include <deque>

class ArrayViewTab;
class DtypeInspector;
class FunctionPanel;
class HeatMapMenu;
class QActionGroup;
class QFileSystemWatcher;
class QMenu;
class QPlainTextEdit;
class QuitGuard;
class SelectionStatistics;
class QTabWidget;
class QTimer;
class QUndoGroup;

/// The main window: the function panel, one tab per result, the dtype
/// inspector and an error panel. All Python runs on the PythonWorker's
/// thread; this window only posts requests and shows what comes back.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a script (asynchronously); `thenCall` is called once it loads.
    void openScript(const QString& path, const QString& thenCall = {}, const QStringList& arguments = {});
    /// Calls a function of the open script; the result opens in a new tab.
    void call(const QString& name, const QStringList& literalArguments);
    void reloadScript();
    /// Exports the current view (or `range` of it) as CSV on a background
    /// thread with a progress dialog; exportFinished reports the outcome.
    void exportCurrentView(const arraylens::CellRange& range, const arraylens::CsvOptions& options, const QString& path);

    [[nodiscard]] PythonWorker* worker() const { return worker_; }
    [[nodiscard]] FunctionPanel* functionPanel() const { return functionPanel_; }
    [[nodiscard]] DtypeInspector* inspector() const { return inspector_; }
    /// The status bar's statistics of the current view's selection.
    [[nodiscard]] SelectionStatistics* statistics() const { return statistics_; }
    [[nodiscard]] HeatMapMenu* heatMapMenu() const { return heatMapMenu_; }
    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }
    [[nodiscard]] ArrayViewTab* currentTab() const;
    [[nodiscard]] QString errorText() const;
    /// Go to cell from typed text ("row, column" in true indices, negative
    /// from the end). Returns what is wrong with the text, or an empty string.
    QString goToCellText(const QString& text);
    [[nodiscard]] const QString& scriptPath() const { return scriptPath_; }
    /// Closing waits until the script's threads are done or the user chose
    /// to quit anyway (see QuitGuard).
    [[nodiscard]] QuitGuard* quitGuard() const { return quitGuard_; }
    /// The user quit without waiting for the script's threads: Python must
    /// not be finalized (it would wait for them).
    [[nodiscard]] bool abandonsScriptThreads() const;

Q_SIGNALS:
    /// A script finished loading (or failed): for tests and the command line.
    void scriptReady(bool ok);
    /// A call's result was shown (or its failure reported).
    void callDone(bool ok);
    /// An export ended: ok, or the reason (empty when cancelled).
    void exportFinished(bool ok, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void onScriptLoaded(const ScriptListing& listing, bool reloaded);
    void onScriptFailed(const QString& path, const PythonFailure& failure, bool reloaded);
    void onCallFinished(const CallOutcome& outcome);
    void showFailure(const QString& title, const PythonFailure& failure);
    void addTab(ArrayViewTab* tab);
    void currentTabChanged();
    void applyDisplayOptions();
    [[nodiscard]] arraylens::DisplayOptions menuDisplayOptions() const;
    /// Sets the View menu's checks to `options` (without applying them).
    void showDisplayOptions(const arraylens::DisplayOptions& options);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void goToCell();
    void exportWithDialog();
    void repaintAllViews();

    PythonWorker* worker_ = nullptr;
    QuitGuard* quitGuard_ = nullptr;
    FunctionPanel* functionPanel_ = nullptr;
    DtypeInspector* inspector_ = nullptr;
    SelectionStatistics* statistics_ = nullptr;
    HeatMapMenu* heatMapMenu_ = nullptr; ///< View › Heat map, on the current tab's colour scale
    QTabWidget* tabs_ = nullptr;
    QPlainTextEdit* errorPanel_ = nullptr;
    QDockWidget* errorDock_ = nullptr;
    QUndoGroup* undoGroup_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QActionGroup* floatStyles_ = nullptr;
    QAction* hexIntegers_ = nullptr;
    int precision_ = 6;
    QFileSystemWatcher* watcher_ = nullptr;
    QTimer* reloadTimer_ = nullptr;

    QString scriptPath_;
    bool dataFileOpen_ = false; ///< scriptPath_ is a data file: its "functions" are datasets
    QString pendingCall_;
    QStringList pendingArguments_;
    /// One entry per call in flight, in the worker's order.
    struct PendingCall {
        QString name;
        bool refresh = false;         ///< a reload's re-call, not a new view
        QPointer<ArrayViewTab> view;  ///< what a refresh updates (null once closed)
    };
    std::deque<PendingCall> pendingCalls_;
};

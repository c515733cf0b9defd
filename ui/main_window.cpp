// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include "core/py_buffer.h"
#include "core/python_error.h"
#include "ui/array_table_model.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace arraylens;

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle("ArrayLens");
    tabs_ = new QTabWidget(this);
    tabs_->setTabsClosable(true);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, [this](int i) { delete tabs_->widget(i); });
    setCentralWidget(tabs_);

    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    functions_ = new QListWidget(panel);
    arguments_ = new QLineEdit(panel);
    arguments_->setPlaceholderText("arguments, comma-separated Python literals");
    auto* callButton = new QPushButton("Call", panel);
    layout->addWidget(functions_);
    layout->addWidget(arguments_);
    layout->addWidget(callButton);
    auto* dock = new QDockWidget("Functions", this);
    dock->setObjectName("functions");
    dock->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    auto call = [this] {
        if (!functions_->currentItem())
            return;
        const QString args = arguments_->text().trimmed();
        callAndShow(functions_->currentItem()->data(Qt::UserRole).toString(),
                    args.isEmpty() ? QStringList() : args.split(',', Qt::SkipEmptyParts));
    };
    connect(callButton, &QPushButton::clicked, this, call);
    connect(arguments_, &QLineEdit::returnPressed, this, call);
    connect(functions_, &QListWidget::itemActivated, this, call);

    auto* file = menuBar()->addMenu("&File");
    file->addAction("&Open…", QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, "Open script", {}, "Python scripts (*.py)");
        if (!path.isEmpty())
            openScript(path);
    });
    file->addAction("&Quit", QKeySequence::Quit, this, &QWidget::close);
    resize(1100, 700);
}

bool MainWindow::openScript(const QString& path)
{
    try {
        script_ = Script::load(path.toStdString());
    } catch (const PythonError& error) {
        showError("Cannot open script", QString::fromStdString(error.what()), QString::fromStdString(error.traceback()));
        return false;
    }
    setWindowTitle(QString("ArrayLens — %1").arg(path));
    refreshFunctionList();
    return true;
}

void MainWindow::refreshFunctionList()
{
    functions_->clear();
    if (!script_)
        return;
    for (const FunctionInfo& function : script_->functions()) {
        auto* item = new QListWidgetItem(QString::fromStdString((function.returnsBuffer ? "▣ " : "   ") + function.name +
                                                                function.signature),
                                         functions_);
        item->setData(Qt::UserRole, QString::fromStdString(function.name));
    }
    for (const BufferGlobalInfo& global : script_->bufferGlobals()) {
        auto* item = new QListWidgetItem(QString::fromStdString("◆ " + global.name + ": " + global.typeName), functions_);
        item->setData(Qt::UserRole, QString::fromStdString(global.name));
    }
}

bool MainWindow::callAndShow(const QString& name, const QStringList& arguments)
{
    if (!script_)
        return false;
    std::vector<std::string> literals;
    for (const QString& argument : arguments)
        literals.push_back(argument.trimmed().toStdString());
    try {
        auto buffer = script_->callForBuffer(name.toStdString(), literals);
        if (buffer->dimensions() > 2)
            throw SliceError("N-D arrays need the slice bar (coming with the desktop issue)");
        auto* table = new QTableView(tabs_);
        auto* model = new ArrayTableModel(StridedView(buffer, SliceSpec()), table);
        table->setModel(model);
        connect(model, &ArrayTableModel::editRejected, this, [this](const QString& message) {
            statusBar()->showMessage(message, 8000);
        });
        const QString title = QString("%1(%2) — %3").arg(name, arguments.join(", "),
                                                       QString::fromUtf8(DtypeTable::name(buffer->itemType()).data()));
        tabs_->setCurrentIndex(tabs_->addTab(table, title));
    } catch (const PythonError& error) {
        showError("Call failed", QString::fromStdString(error.what()), QString::fromStdString(error.traceback()));
        return false;
    } catch (const Error& error) {
        showError("Cannot show the result", QString::fromStdString(error.what()));
        return false;
    }
    return true;
}

void MainWindow::showError(const QString& title, const QString& message, const QString& details)
{
    statusBar()->showMessage(message, 10000);
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    if (!details.isEmpty())
        box.setDetailedText(details);
    box.exec();
}

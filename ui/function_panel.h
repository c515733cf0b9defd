// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/python_worker.h"

#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

/// The open script's functions (those annotated -> Buffer marked) and buffer
/// variables. Selecting one shows an argument field per parameter, filled
/// with its default; Call (or Enter) asks for the call. While Python runs it
/// shows a busy bar with the elapsed time and offers Cancel.
class FunctionPanel : public QWidget {
    Q_OBJECT
public:
    explicit FunctionPanel(QWidget* parent = nullptr);

    void setListing(const ScriptListing& listing);
    /// Selects a function or variable by name; false when there is none.
    bool select(const QString& name);
    [[nodiscard]] QString selectedName() const;
    /// The argument field of a parameter (for tests), or null.
    [[nodiscard]] QLineEdit* argumentField(const QString& parameter) const;
    /// Busy while Python runs `what`, with `queued` calls waiting behind it;
    /// the bar, the label, Call and Cancel follow.
    void setBusy(bool busy, const QString& what = {}, const QStringList& queued = {});
    /// Whether a parameter annotated so takes text (str, Optional[str]):
    /// its field accepts text without quotes.
    [[nodiscard]] static bool isTextAnnotation(const QString& annotation);
    /// What a text field passes: `typed` when it already is a str literal
    /// (quoted, or None), else `typed` quoted as a Python str literal.
    [[nodiscard]] static QString textLiteral(const QString& typed);
    /// Asks for the call with the current fields.
    void requestCall();

Q_SIGNALS:
    void callRequested(const QString& name, const QStringList& literalArguments);
    void cancelRequested();
    /// Something in the panel is wrong ("argument n is required").
    void problem(const QString& message);

private:
    /// The child of `parent` standing for group `name` (a data file's), made when missing.
    static QTreeWidgetItem* groupItem(QTreeWidgetItem* parent, const QString& name);
    void showSelected();
    [[nodiscard]] bool isPrivate(const QTreeWidgetItem* item) const;
    /// Hides (or shows) the _private names as the check box says.
    void applyPrivateVisibility();

    ScriptListing listing_;
    QTreeWidget* tree_ = nullptr;
    QCheckBox* showPrivate_ = nullptr;
    QLabel* signature_ = nullptr;
    QLabel* summary_ = nullptr;
    QWidget* arguments_ = nullptr;
    QFormLayout* argumentForm_ = nullptr;
    struct ArgumentField {
        QString parameter;
        QLineEdit* edit;
        bool hasDefault;
        bool isText; ///< str-annotated: bare text is quoted for Python
    };
    std::vector<ArgumentField> fields_; ///< positional parameters, in order
    QPushButton* callButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QProgressBar* busyBar_ = nullptr;
    QLabel* busyLabel_ = nullptr;
    QTimer* busyTimer_ = nullptr;
    QElapsedTimer busyClock_;
    QString busyWhat_;
    QStringList queued_;
    [[nodiscard]] QString busyText() const;
};

// SPDX-License-Identifier: MIT
#include "ui/function_panel.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace arraylens;

namespace {

constexpr int kNameRole = Qt::UserRole;
constexpr int kIsFunctionRole = Qt::UserRole + 1;
constexpr int kGroupLabelRole = Qt::UserRole + 2; ///< a top-level group's label as listed, all counted

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

FunctionPanel::FunctionPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    tree_ = new QTreeWidget(this);
    tree_->setObjectName("functionTree");
    tree_->setHeaderHidden(true);
    tree_->setRootIsDecorated(true);
    layout->addWidget(tree_, 1);
    // Helpers named _like_this are the script's private business: hidden
    // unless asked for (remembered).
    showPrivate_ = new QCheckBox("Show _private names", this);
    showPrivate_->setObjectName("showPrivate");
    showPrivate_->setToolTip("Also list functions and variables whose names start with an underscore");
    showPrivate_->setChecked(QSettings().value("functions/showPrivate", false).toBool());
    layout->addWidget(showPrivate_);
    connect(showPrivate_, &QCheckBox::toggled, this, [this](bool shown) {
        QSettings().setValue("functions/showPrivate", shown);
        applyPrivateVisibility();
    });

    signature_ = new QLabel(this);
    signature_->setObjectName("signature");
    signature_->setWordWrap(true);
    signature_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono("monospace");
    mono.setStyleHint(QFont::Monospace);
    signature_->setFont(mono);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    layout->addWidget(signature_);
    layout->addWidget(summary_);

    arguments_ = new QWidget(this);
    argumentForm_ = new QFormLayout(arguments_);
    argumentForm_->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(arguments_);

    auto* buttons = new QHBoxLayout;
    callButton_ = new QPushButton("Call", this);
    callButton_->setObjectName("callButton");
    callButton_->setToolTip("Call the function with these arguments (Enter)");
    cancelButton_ = new QPushButton("Cancel", this);
    cancelButton_->setObjectName("cancelButton");
    cancelButton_->setEnabled(false);
    buttons->addWidget(callButton_);
    buttons->addWidget(cancelButton_);
    layout->addLayout(buttons);

    busyBar_ = new QProgressBar(this);
    busyBar_->setRange(0, 0); // indeterminate
    busyBar_->setMaximumHeight(10);
    busyBar_->setTextVisible(false);
    busyBar_->hide();
    busyLabel_ = new QLabel(this);
    busyLabel_->setObjectName("busyLabel");
    busyLabel_->hide();
    layout->addWidget(busyBar_);
    layout->addWidget(busyLabel_);
    busyTimer_ = new QTimer(this);
    busyTimer_->setInterval(100);
    busyLabel_->setWordWrap(true);
    connect(busyTimer_, &QTimer::timeout, this, [this] { busyLabel_->setText(busyText()); });

    connect(tree_, &QTreeWidget::currentItemChanged, this, &FunctionPanel::showSelected);
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item && item->data(0, kNameRole).isValid())
            requestCall();
    });
    connect(callButton_, &QPushButton::clicked, this, &FunctionPanel::requestCall);
    connect(cancelButton_, &QPushButton::clicked, this, &FunctionPanel::cancelRequested);
    showSelected();
}

void FunctionPanel::setListing(const ScriptListing& listing)
{
    const QString previous = selectedName();
    listing_ = listing;
    tree_->clear();
    auto* functions = new QTreeWidgetItem(
        tree_, {QString("%1 (%2)").arg(listing.dataFile ? "Datasets" : "Functions").arg(listing.functions.size())});
    for (const FunctionInfo& function : listing.functions) {
        // A data file's datasets show as its tree: groups hold their
        // datasets, each named by its last part ("/grp/data" → grp › data).
        QTreeWidgetItem* parent = functions;
        QString shown = fromStd(function.name);
        if (listing.dataFile) {
            const QStringList parts = shown.split('/', Qt::SkipEmptyParts);
            for (qsizetype i = 0; i + 1 < parts.size(); ++i)
                parent = groupItem(parent, parts[i]);
            if (!parts.isEmpty())
                shown = parts.last();
        }
        auto* item = new QTreeWidgetItem(parent, {shown + fromStd(function.signature)});
        item->setData(0, kNameRole, fromStd(function.name));
        item->setData(0, kIsFunctionRole, true);
        // The tree cuts long signatures: hovering shows the whole one.
        const QString full = shown + fromStd(function.signature);
        item->setToolTip(0, function.summary.empty() ? full : full + "\n\n" + fromStd(function.summary));
        if (function.returnsBuffer) {
            QFont bold = item->font(0);
            bold.setBold(true);
            item->setFont(0, bold);
            item->setText(0, "▣ " + item->text(0));
        }
    }
    auto* globals = listing.dataFile ? nullptr
                                     : new QTreeWidgetItem(tree_, {QString("Buffer variables (%1)").arg(
                                                                      listing.bufferGlobals.size())});
    for (const BufferGlobalInfo& global : listing.bufferGlobals) {
        auto* item = new QTreeWidgetItem(globals, {fromStd("◆ " + global.name + "  " + global.typeName)});
        item->setData(0, kNameRole, fromStd(global.name));
        item->setData(0, kIsFunctionRole, false);
    }
    tree_->expandAll();
    applyPrivateVisibility();
    if (previous.isEmpty() || !select(previous))
        showSelected();
}

bool FunctionPanel::isPrivate(const QTreeWidgetItem* item) const
{
    // A data file's datasets ("/_meta") are data, not helpers.
    return !listing_.dataFile && item->data(0, kNameRole).toString().startsWith('_');
}

void FunctionPanel::applyPrivateVisibility()
{
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* group = tree_->topLevelItem(i);
        int hidden = 0;
        for (int j = 0; j < group->childCount(); ++j) {
            const bool hide = isPrivate(group->child(j)) && !showPrivate_->isChecked();
            group->child(j)->setHidden(hide);
            hidden += hide;
        }
        // "Functions (4, 1 _private hidden)": what is listed, the hidden counted apart.
        if (!group->data(0, kGroupLabelRole).isValid())
            group->setData(0, kGroupLabelRole, group->text(0));
        const QString label = group->data(0, kGroupLabelRole).toString();
        group->setText(0, hidden == 0 ? label
                                      : QString("%1 (%2, %3 _private hidden)")
                                            .arg(label.section(" (", 0, 0))
                                            .arg(group->childCount() - hidden)
                                            .arg(hidden));
    }
}

bool FunctionPanel::isTextAnnotation(const QString& annotation)
{
    static const QStringList kText = {"str", "Optional[str]", "typing.Optional[str]", "str | None", "None | str"};
    return kText.contains(annotation.simplified());
}

QString FunctionPanel::textLiteral(const QString& typed)
{
    // Already a literal, kept as typed: None, or a quoted str (r and u
    // prefixes allowed: they still make a str).
    static const QRegularExpression kQuoted(R"(^[rRuU]?('[^']*'|"[^"]*"|'''.*'''|""".*""")$)",
                                            QRegularExpression::DotMatchesEverythingOption);
    if (typed == "None" || kQuoted.match(typed).hasMatch())
        return typed;
    QString escaped = typed;
    escaped.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n");
    return "'" + escaped + "'";
}

QTreeWidgetItem* FunctionPanel::groupItem(QTreeWidgetItem* parent, const QString& name)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (QTreeWidgetItem* child = parent->child(i); !child->data(0, kNameRole).isValid() && child->text(0) == name)
            return child;
    return new QTreeWidgetItem(parent, {name});
}

bool FunctionPanel::select(const QString& name)
{
    // Every level: a data file's datasets sit in their groups.
    for (QTreeWidgetItem* item : tree_->findItems("*", Qt::MatchWildcard | Qt::MatchRecursive))
        if (item->data(0, kNameRole).toString() == name) {
            if (item->isHidden())
                showPrivate_->setChecked(true); // asked for by name (--call _helper): show it
            tree_->setCurrentItem(item);
            return true;
        }
    return false;
}

QString FunctionPanel::selectedName() const
{
    const QTreeWidgetItem* item = tree_->currentItem();
    return item ? item->data(0, kNameRole).toString() : QString();
}

QLineEdit* FunctionPanel::argumentField(const QString& parameter) const
{
    for (const ArgumentField& field : fields_)
        if (field.parameter == parameter)
            return field.edit;
    return nullptr;
}

void FunctionPanel::showSelected()
{
    while (argumentForm_->rowCount() > 0)
        argumentForm_->removeRow(0);
    fields_.clear();
    const QString name = selectedName();
    callButton_->setEnabled(!name.isEmpty());
    signature_->clear();
    summary_->clear();
    if (name.isEmpty())
        return;
    for (const FunctionInfo& function : listing_.functions) {
        if (fromStd(function.name) != name)
            continue;
        signature_->setText(fromStd(function.name + function.signature));
        summary_->setText(fromStd(function.summary));
        for (const ParameterInfo& parameter : function.parameters) {
            auto* field = new QLineEdit(arguments_);
            field->setObjectName("argument_" + fromStd(parameter.name));
            const bool positional = parameter.kind == "POSITIONAL_ONLY" || parameter.kind == "POSITIONAL_OR_KEYWORD";
            if (parameter.defaultLiteral)
                field->setText(fromStd(*parameter.defaultLiteral));
            const bool text = isTextAnnotation(fromStd(parameter.annotation));
            field->setPlaceholderText(text ? "text (quotes optional)"
                                      : parameter.annotation.empty() ? "a Python literal"
                                                                     : "a Python literal (" + fromStd(parameter.annotation) + ")");
            if (!positional) {
                // Only positional arguments are passed; the rest keep their defaults.
                field->setEnabled(false);
                field->setToolTip("keyword-only or variadic: keeps its default");
            } else {
                fields_.push_back({fromStd(parameter.name), field, parameter.defaultLiteral.has_value(), text});
                connect(field, &QLineEdit::returnPressed, this, &FunctionPanel::requestCall);
            }
            argumentForm_->addRow(fromStd(parameter.name) + ":", field);
        }
        return;
    }
    signature_->setText(name + " (a buffer variable)");
}

void FunctionPanel::requestCall()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    // Arguments up to the last one typed or without a default; the defaults
    // after it stay Python's own (they need not be literals: dtype=np.int32).
    std::size_t count = 0;
    for (std::size_t i = 0; i < fields_.size(); ++i)
        if (fields_[i].edit->isModified() || !fields_[i].hasDefault)
            count = i + 1;
    QStringList literals;
    for (std::size_t i = 0; i < count; ++i) {
        const QString text = fields_[i].edit->text().trimmed();
        if (text.isEmpty()) {
            Q_EMIT problem(QString("argument '%1' is required: type a Python literal, e.g. 3 or 'text'")
                               .arg(fields_[i].parameter));
            fields_[i].edit->setFocus();
            return;
        }
        literals << (fields_[i].isText ? textLiteral(text) : text);
    }
    Q_EMIT callRequested(name, literals);
}

void FunctionPanel::setBusy(bool busy, const QString& what, const QStringList& queued)
{
    cancelButton_->setEnabled(busy);
    busyBar_->setVisible(busy);
    busyLabel_->setVisible(busy);
    // Calling while Python runs queues the call: say so on the button, and
    // list what waits, so that Cancel (which drops them too) holds no surprise.
    callButton_->setText(busy ? "Queue call" : "Call");
    callButton_->setToolTip(busy ? "Python is busy: the call runs after what is running and queued"
                                 : "Call the function with these arguments (Enter)");
    cancelButton_->setToolTip(queued.isEmpty() ? "Cancel the running call"
                                               : QString("Cancel the running call and the %1 queued").arg(queued.size()));
    queued_ = queued;
    if (busy) {
        if (what != busyWhat_ || !busyTimer_->isActive())
            busyClock_.start();
        busyWhat_ = what;
        busyLabel_->setText(busyText());
        busyTimer_->start();
    } else {
        busyWhat_.clear();
        busyTimer_->stop();
    }
}

QString FunctionPanel::busyText() const
{
    QString text = QString("Running %1 … %2 s").arg(busyWhat_).arg(busyClock_.elapsed() / 1000.0, 0, 'f', 1);
    if (!queued_.isEmpty())
        text += QString("\nQueued: %1").arg(queued_.join(", "));
    return text;
}

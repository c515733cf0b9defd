// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/cell_finder.h"

#include <QPointer>
#include <QWidget>

#include <cstdint>

class ArrayDocument;
class FindJob;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTimer;
class QToolButton;

/// Find (Ctrl+F) in one view: a line under the grid where the user types a
/// value or a condition ("> 3", "nan", "== 0"; see FindCondition). Enter or
/// F3 goes to the next match in array order, Shift+Enter or Shift+F3 to the
/// previous one, wrapping at the ends with a message; Esc closes the bar.
/// The search runs in the background over the whole view (FindJob): a long
/// one shows its progress and can be cancelled, and the window never waits.
/// A match moves the document's cursor there (matchFound: the grid scrolls
/// to it).
class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(QWidget* parent = nullptr);
    ~FindBar() override;

    /// The document searched (a reload replaces it); a running search stops.
    void setDocument(ArrayDocument* document);

    /// Shows the bar with its text selected, ready to type.
    void open();
    /// Cancels a running search and hides the bar.
    void close();
    /// Searches after (before) the cursor; with no text yet, opens the bar.
    void findNext();
    void findPrevious();
    /// Stops a running search (its result is dropped).
    void cancel();

    [[nodiscard]] QLineEdit* textEdit() const { return text_; }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] bool isSearching() const;

Q_SIGNALS:
    /// The search found (row, column) (view coordinates); the cursor is there.
    void matchFound(std::int64_t row, std::int64_t column);
    /// A search ended: found, not found, cancelled or failed (statusText says which).
    void searchFinished();
    /// The bar was closed (the grid takes the focus back).
    void closed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void search(arraylens::FindDirection direction);
    void showStatus(const QString& text, bool problem);
    void onFinished(const arraylens::FindOutcome& outcome, const QString& error, arraylens::FindDirection direction);
    /// Drops the running job: it finishes on its own and deletes itself.
    void abandonJob();

    ArrayDocument* document_ = nullptr;
    QLineEdit* text_ = nullptr;
    QToolButton* previous_ = nullptr;
    QToolButton* next_ = nullptr;
    QToolButton* stop_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QTimer* poll_ = nullptr;
    QPointer<FindJob> job_;
    qint64 searchStartedMs_ = 0;
    QString searched_; ///< the running search's condition, as messages name it
};

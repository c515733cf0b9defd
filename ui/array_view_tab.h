// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/array_document.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <string>

class ArrayGridView;
class ColorScaleModel;
class ImageView;
class ViewModeBar;
class FindBar;
class PlotPanel;
class QLabel;
class QSplitter;
class QVBoxLayout;
class SliceBar;
class WholeViewRange;

namespace arraylens {
class ArrayData;
}

/// One result in a tab: the slice bar, the grid and a status line (dtype,
/// shape, strides, byte order, a read-only badge). Remembers the call that
/// made it, so a reload can make it again.
class ArrayViewTab : public QWidget {
    Q_OBJECT
public:
    /// `releaser` takes what the tab is done with, `scheduler` runs lazy
    /// sources' Python work (see ArrayDocument).
    ArrayViewTab(std::shared_ptr<arraylens::ArrayData> array, QString callName, QStringList arguments,
                 ArrayDocument::Releaser releaser = {}, ArrayDocument::Scheduler scheduler = {},
                 QWidget* parent = nullptr);

    [[nodiscard]] ArrayDocument* document() const { return document_; }
    [[nodiscard]] ArrayGridView* grid() const { return grid_; }
    [[nodiscard]] SliceBar* sliceBar() const { return sliceBar_; }
    /// The tab's colour scale (map, range), shared by the heat map and the
    /// image view; it outlives document replacements (reloads).
    [[nodiscard]] ColorScaleModel* colorScale() const { return colorScale_; }
    /// The plane as a picture, beside or instead of the grid (viewModeBar()
    /// chooses); made again with the document, as the grid is.
    [[nodiscard]] ImageView* imageView() const { return imageView_; }
    [[nodiscard]] ViewModeBar* viewModeBar() const { return modeBar_; }
    /// The plot pane below the grid (hidden until asked for).
    [[nodiscard]] PlotPanel* plotPanel() const { return plotPanel_; }
    /// Find (Ctrl+F): the bar under the grid; a match becomes the current cell.
    [[nodiscard]] FindBar* findBar() const { return findBar_; }
    [[nodiscard]] const QString& callName() const { return callName_; }
    [[nodiscard]] const QStringList& arguments() const { return arguments_; }
    /// The script whose function made this view (a reload re-calls only its views).
    [[nodiscard]] const QString& scriptPath() const { return scriptPath_; }
    void setScriptPath(const QString& path) { scriptPath_ = path; }
    /// The view shows a data file's dataset (titled by its name, no call parentheses).
    void setDataset(bool dataset) { dataset_ = dataset; }
    /// What a reload of the script (a save in the editor) does to this view:
    /// call its function again, keep what it shows, or ask first.
    enum class RefreshPolicy { Rerun, Keep, Ask };
    [[nodiscard]] RefreshPolicy refreshPolicy() const { return refreshPolicy_; }
    void setRefreshPolicy(RefreshPolicy policy) { refreshPolicy_ = policy; }
    /// "example_array_2d() — int32 (2, 3)"
    [[nodiscard]] QString title() const;

    /// The same call, made again (after a reload): show its new result,
    /// keeping the slice when it still fits.
    void replaceArray(std::shared_ptr<arraylens::ArrayData> array);
    /// The call cannot be made again: say why; the old buffer stays shown.
    void markStale(const QString& reason);
    [[nodiscard]] bool isStale() const;
    /// The memory under the view was lost (its file shrank): the banner says so.
    [[nodiscard]] bool isMemoryLost() const;

    /// Makes the cell with these true indices (header labels) current.
    /// Returns an error message, or an empty string.
    QString goToLabels(std::int64_t rowLabel, std::int64_t columnLabel);

Q_SIGNALS:
    /// A message for the status bar (a refused edit, a refused slice).
    void message(const QString& text);
    /// The document shows a new result (a reload): listeners update what they show of it.
    void documentReplaced();

private:
    void buildDocument(std::shared_ptr<arraylens::ArrayData> array);
    /// Shows that plane and field; on a refusal false, and the reason shown when `report`.
    bool trySetView(const arraylens::SliceSpec& slice, bool transposed, const std::string& field, bool report);
    /// The slice bar's controls (plane, field) as the document has them.
    void syncSliceBar();
    void updateStatusLine();
    void showMemoryLost();
    /// Shows the grid, the image view or both, as the mode bar says.
    void showViews();

    QString callName_;
    QStringList arguments_;
    QString scriptPath_;
    bool dataset_ = false;
    RefreshPolicy refreshPolicy_ = RefreshPolicy::Rerun;
    ArrayDocument::Releaser releaser_;
    ArrayDocument::Scheduler scheduler_;
    ArrayDocument* document_ = nullptr;
    ArrayGridView* grid_ = nullptr;
    SliceBar* sliceBar_ = nullptr;
    ColorScaleModel* colorScale_ = nullptr;
    ViewModeBar* modeBar_ = nullptr;
    QSplitter* views_ = nullptr; ///< the grid and the image view, side by side
    ImageView* imageView_ = nullptr;
    /// The heat map's whole-view range for the current document, and how
    /// far it has read (per mille; -1: not computing).
    WholeViewRange* wholeViewRange_ = nullptr;
    int rangeProgress_ = -1;
    FindBar* findBar_ = nullptr;
    QLabel* staleBanner_ = nullptr;
    QLabel* lostBanner_ = nullptr;
    QLabel* statusLine_ = nullptr;
    QVBoxLayout* layout_ = nullptr;
    QSplitter* splitter_ = nullptr; ///< the grid above, the plot pane below
    PlotPanel* plotPanel_ = nullptr;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/line_envelope.h"
#include "core/value_histogram.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

/// The index axis of a line plot: run index i (0 … length - 1, left to
/// right) is shown by its true index, the header label of its cell, so a
/// `::-2` slice counts down in twos as its grid's headers do.
struct PlotIndexAxis {
    QString title;                               ///< "row", "column"
    std::function<QString(std::int64_t)> label;  ///< the header label of run index i
    /// label(i) == first + step * i for every i: ticks then fall on round labels.
    bool affine = false;
    std::int64_t first = 0;
    std::int64_t step = 1;
};

/// Paints what PlotPanel computed, with QPainter: a line plot of a run of
/// cells from its LineEnvelope (one min…max span per pixel column, so 10^8
/// points cost what 1,000 do), or a histogram. NaN cells leave gaps, ±inf
/// are clipped to the edge and marked with a red triangle. Hovering shows
/// the index and value under the mouse; a click on a line plot asks for its
/// cell to be selected (indexClicked).
class PlotView : public QWidget {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    void showLine(arraylens::LineEnvelope envelope, PlotIndexAxis axis, QString valueTitle);
    void showHistogram(arraylens::ValueHistogram histogram, QString valueTitle);
    /// No plot: the text instead ("Select one row or one column", an error).
    void showMessage(const QString& text);

    [[nodiscard]] bool hasLine() const { return envelope_.has_value(); }
    [[nodiscard]] bool hasHistogram() const { return histogram_.has_value(); }
    [[nodiscard]] const std::optional<arraylens::LineEnvelope>& envelope() const { return envelope_; }
    [[nodiscard]] const std::optional<arraylens::ValueHistogram>& histogram() const { return histogram_; }
    [[nodiscard]] const QString& message() const { return message_; }
    /// What hovering shows now ("column 37: 0.25"); empty off the plot.
    [[nodiscard]] const QString& readout() const { return readout_; }
    /// The rectangle the data is drawn in (axes around it).
    [[nodiscard]] QRect plotArea() const;
    /// Buckets a line plot wants: one per pixel column of plotArea().
    [[nodiscard]] std::int64_t bucketsWanted() const;
    /// The index axis's tick labels as painted, left to right (for tests and the readout).
    [[nodiscard]] QStringList indexTickLabels() const;
    /// The x of run index i (line plots) and the y of value v.
    [[nodiscard]] double xOfIndex(std::int64_t i) const;
    [[nodiscard]] double yOfValue(double v) const;

Q_SIGNALS:
    /// Run index i of the line plot was clicked.
    void indexClicked(std::int64_t index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Tick {
        double position; ///< pixels along its axis
        QString text;
    };
    /// The value axis range (finite values, a little padding), low < high.
    [[nodiscard]] std::pair<double, double> valueRange() const;
    [[nodiscard]] std::vector<Tick> indexTicks() const;
    [[nodiscard]] std::vector<Tick> valueTicks(double low, double high, bool vertical) const;
    /// The run index under x (line plots), clamped into the run.
    [[nodiscard]] std::int64_t indexAt(double x) const;
    void paintLine(class QPainter& painter) const;
    void paintHistogram(class QPainter& painter) const;
    void paintAxes(class QPainter& painter) const;
    void clear();

    std::optional<arraylens::LineEnvelope> envelope_;
    std::optional<arraylens::ValueHistogram> histogram_;
    PlotIndexAxis axis_;
    QString valueTitle_;
    QString message_;
    QString readout_;
    std::optional<double> hoverX_;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/plane_sampler.h"
#include "ui/array_document.h"

#include <QImage>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class ColorScaleModel;
class PlaneSamplingWorker;
class QTimer;

/// The document's plane as a picture (issue 12, item 3): one cell per
/// pixel at zoom 1, coloured by the tab's ColorScaleModel, or an
/// (H, W, 3|4) array as its RGB(A) picture. Wheel zooms about the mouse,
/// a drag pans, a double click (or fitToWindow) fits the plane; the cell
/// under the mouse is read out (readoutChanged), a click makes it the
/// document's cursor (cellClicked), and the cursor and selection are drawn.
///
/// Nothing is read on the GUI thread: the whole plane is sampled first, at
/// most 512 samples a side (a 100,000² memmap shows in about a second),
/// then the visible region at screen resolution (PlaneSamplingWorker).
/// The readout shows the sample drawn under the mouse: its true indices
/// and its value.
class ImageView : public QWidget {
    Q_OBJECT
public:
    /// The first picture of the whole plane: at most this many samples a side.
    static constexpr std::int64_t kFirstSide = 512;

    ImageView(ArrayDocument* document, ColorScaleModel* colorScale, ArrayDocument::Releaser releaser = {},
              ArrayDocument::Scheduler scheduler = {}, QWidget* parent = nullptr);
    ~ImageView() override;

    [[nodiscard]] ArrayDocument* document() const { return document_; }
    /// True when the plane is drawn as an RGB(A) picture.
    [[nodiscard]] bool isColorImage() const { return colorImage_; }
    /// Why there is no picture ("holds text"), empty when there is one.
    [[nodiscard]] const QString& problem() const { return problem_; }
    /// Screen pixels per cell.
    [[nodiscard]] double zoom() const { return zoom_; }
    /// Zooms by `factor` keeping the cell under `anchor` (widget pixels) in place.
    void zoomBy(double factor, QPointF anchor);
    /// The whole plane in the widget, centred.
    void fitToWindow();
    /// The plane cell (row, column) under widget position `at`, if any.
    [[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> cellAt(QPointF at) const;
    /// Where cell (row, column)'s centre is drawn, in widget pixels.
    [[nodiscard]] QPointF centreOf(std::int64_t row, std::int64_t column) const;
    /// The readout of the cell under the mouse: "[3, 7] 0.25".
    [[nodiscard]] const QString& readout() const { return readout_; }
    /// True while samples are being read (tests wait for it).
    [[nodiscard]] bool isBusy() const;
    /// The samples drawn for the whole plane and for the visible region
    /// (null until read).
    [[nodiscard]] const std::shared_ptr<const arraylens::PlaneSamples>& wholeSamples() const { return whole_.samples; }
    [[nodiscard]] const std::shared_ptr<const arraylens::PlaneSamples>& regionSamples() const { return region_.samples; }
    /// Whether the visible range of the colour scale comes from this view
    /// (the grid is hidden, so it cannot say what is visible).
    void setProvidesVisibleRange(bool provides);

Q_SIGNALS:
    /// The user clicked cell (row, column) of the plane: it is the cursor
    /// now, and with `extended` (Shift) the selection reaches it.
    void cellClicked(std::int64_t row, std::int64_t column, bool extended);
    void readoutChanged(const QString& text);
    /// New samples are drawn (tests wait for it).
    void pictureChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    /// Samples and the picture made of them.
    struct Layer {
        std::shared_ptr<const arraylens::PlaneSamples> samples;
        QImage image;
    };

    /// The document's plane changed (or the view was made): a new sampler,
    /// the whole plane read again.
    void restart();
    void requestWhole();
    /// Asks for the visible region at screen resolution, when the pictures
    /// drawn are coarser than the screen.
    void requestRegion();
    void onSampled(std::uint64_t id, int slot, std::shared_ptr<const arraylens::PlaneSamples> samples);
    void onFailed(std::uint64_t id, int slot, const QString& message);
    /// Colours the layer's samples with the scale (or as RGB).
    void paintLayer(Layer& layer) const;
    void recolour();
    /// Sets the colour scale's range from the samples, where this view is
    /// the one to say it.
    void provideRange();
    /// The plane cells visible now (clamped to the plane).
    [[nodiscard]] arraylens::CellRange visibleCells() const;
    void updateReadout(QPointF at);
    void clampOrigin();
    void scheduleRefine();
    void dropSampler();

    ArrayDocument* document_;
    ColorScaleModel* colorScale_;
    ArrayDocument::Releaser releaser_;
    ArrayDocument::Scheduler scheduler_;
    PlaneSamplingWorker* worker_;
    QTimer* refineTimer_;
    std::shared_ptr<const arraylens::PlaneSampler> sampler_;
    bool colorImage_ = false;
    bool unitChannels_ = true; ///< RGB channels within 0..1 (floats outside: drawn as values instead)
    QString problem_;
    QString planeKey_; ///< the plane the sampler reads: slice, transposition, field
    Layer whole_;
    Layer region_;
    std::uint64_t wholeId_ = 0;  ///< the request whose samples whole_ waits for
    std::uint64_t regionId_ = 0;
    std::uint64_t nextId_ = 1;
    double zoom_ = 1.0;
    QPointF origin_; ///< the plane point (column, row) at the widget's top-left corner
    bool fitted_ = true; ///< follows the widget's size until the user zooms or pans
    bool providesVisibleRange_ = false;
    bool pending_ = false; ///< hidden when the plane changed: read it once shown
    QPointF pressAt_;
    QPointF pressOrigin_;
    bool pressed_ = false;
    bool dragged_ = false;
    QString readout_;
    QPointF lastMouse_{-1, -1};
};

// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_source.h"

#include <memory>

namespace arraylens {

/// The source over one exported buffer: a StridedView, read in place.
/// Every range is a tile at once (the whole view, zero-copy), so reading
/// through this seam costs what reading the view costs.
///
/// With hooks installed (a document on screen), tryTile() does not hand
/// out memory that would page-fault (DESIGN.md decision 13): it answers by
/// blocks of kBlockRows × kBlockColumns cells, asks the kernel whether a
/// block's pages are resident (PageSet), and if not has PageFaultWorker
/// fault them in and says so through `fetched`, as a lazy source does once
/// it has read a block. A memmap on a cold disk then shows placeholders for
/// a moment instead of freezing the window. tile() always reads in place.
class BufferSource final : public ArraySource {
public:
    static constexpr std::int64_t kBlockRows = 64;
    static constexpr std::int64_t kBlockColumns = 64;

    explicit BufferSource(StridedView view);
    ~BufferSource() override;
    BufferSource(const BufferSource&) = delete;
    BufferSource& operator=(const BufferSource&) = delete;
    void setHooks(Hooks hooks) override;

    [[nodiscard]] std::int64_t rows() const override { return view_->rows(); }
    [[nodiscard]] std::int64_t cols() const override { return view_->cols(); }
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const override { return view_->columnType(c); }
    [[nodiscard]] std::string columnHeader(std::int64_t c) const override { return view_->columnHeader(c); }
    [[nodiscard]] std::string rowLabel(std::int64_t r) const override { return std::to_string(view_->rowLabel(r)); }
    [[nodiscard]] std::string origin() const override;
    [[nodiscard]] bool isLazy() const override { return false; }
    [[nodiscard]] bool isReadOnly() const override { return view_->isReadOnly(); }
    [[nodiscard]] std::string readOnlyReason() const override;

    [[nodiscard]] const StridedView& geometry() const override { return *view_; }
    [[nodiscard]] bool hasMask() const override { return view_->hasMask(); }
    [[nodiscard]] std::string maskReadOnlyReason() const override;
    void writeMask(std::int64_t r, std::int64_t c, bool masked) override;

    [[nodiscard]] std::optional<Tile> tryTile(const CellRange& range) const override;
    [[nodiscard]] std::optional<Tile> cachedTile(const CellRange& range) const override;
    [[nodiscard]] Tile tile(const CellRange& range) override;
    void write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes) override;

    [[nodiscard]] const StridedView& view() const { return *view_; }

private:
    /// What fault-in jobs share with the source: they may outlive it.
    struct Residency;
    /// The tile for `range` when its pages are resident; otherwise nothing,
    /// and (with `faultIn`) the missing blocks go to PageFaultWorker.
    [[nodiscard]] std::optional<Tile> residentTile(const CellRange& range, bool faultIn) const;
    [[nodiscard]] Tile wholeTile(const CellRange& range) const;

    std::shared_ptr<const StridedView> view_;
    std::shared_ptr<Residency> residency_;
};

} // namespace arraylens

// SPDX-License-Identifier: MIT
#include "ui/shaped_text_cache.h"

#include <QPainter>
#include <QPointF>
#include <QTextLayout>

namespace {

// Laid-out texts kept: a few screenfuls of distinct non-ASCII texts.
constexpr qsizetype kMaxLaidOut = 1 << 13;

} // namespace

ShapedTextCache::ShapedTextCache(const QFont& font)
    : font_(font), metrics_(font), rawFont_(QRawFont::fromFont(font))
{
    QString all;
    for (const SimpleRange& range : kSimpleRanges)
        for (char16_t c = range.first; c <= range.last; ++c)
            all.append(QChar(c));
    if (rawFont_.isValid()) {
        const QList<quint32> glyphs = rawFont_.glyphIndexesForString(all);
        const QList<QPointF> advances = rawFont_.advancesForGlyphIndexes(glyphs);
        if (glyphs.size() == all.size() && advances.size() == all.size()) {
            for (qsizetype i = 0; i < all.size(); ++i) {
                glyphs_[i] = glyphs[i];
                advances_[i] = advances[i].x();
            }
        }
    }
    // A space has glyph 0 in some fonts and nothing to draw anyway; any other
    // character without a glyph (or no raw font at all) takes the layout path.
}

int ShapedTextCache::simpleIndex(char16_t c) const
{
    int base = 0;
    for (const SimpleRange& range : kSimpleRanges) {
        if (c < range.first)
            return -1;
        if (c <= range.last) {
            const int index = base + (c - range.first);
            // Spaces may have no glyph and need none.
            return glyphs_[static_cast<std::size_t>(index)] != 0 || c == u' ' || c == 0xa0 ? index : -1;
        }
        base += range.last - range.first + 1;
    }
    return -1;
}

bool ShapedTextCache::isSimple(QStringView text) const
{
    for (const QChar c : text)
        if (simpleIndex(c.unicode()) < 0)
            return false;
    return true;
}

const ShapedTextCache::LaidOut& ShapedTextCache::laidOut(QStringView text)
{
    const QString key = text.toString();
    auto found = laidOut_.constFind(key);
    if (found != laidOut_.constEnd())
        return *found;
    if (laidOut_.size() >= kMaxLaidOut)
        laidOut_.clear();
    QTextLayout layout(key, font_);
    layout.setCacheEnabled(true);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    layout.endLayout();
    LaidOut result;
    if (line.isValid()) {
        line.setPosition(QPointF(0, 0));
        result.width = line.horizontalAdvance();
        result.runs = layout.glyphRuns();
    }
    return *laidOut_.insert(key, std::move(result));
}

qreal ShapedTextCache::width(QStringView text)
{
    if (!isSimple(text))
        return laidOut(text).width;
    qreal width = 0;
    for (const QChar c : text)
        width += advances_[static_cast<std::size_t>(simpleIndex(c.unicode()))];
    return width;
}

void ShapedTextCache::draw(QPainter& painter, const QPointF& topLeft, QStringView text)
{
    single_.clear();
    if (append(single_, topLeft, text)) {
        draw(painter, single_);
        return;
    }
    for (const QGlyphRun& run : laidOut(text).runs)
        painter.drawGlyphRun(topLeft, run);
}

bool ShapedTextCache::append(GlyphBatch& batch, const QPointF& topLeft, QStringView text) const
{
    if (!isSimple(text))
        return false;
    // Glyph positions are on the baseline, as QTextLayout places them.
    qreal x = topLeft.x();
    const qreal baseline = topLeft.y() + metrics_.ascent();
    for (const QChar c : text) {
        const auto index = static_cast<std::size_t>(simpleIndex(c.unicode()));
        if (glyphs_[index] != 0) {
            batch.glyphs.push_back(glyphs_[index]);
            batch.positions.emplace_back(x, baseline);
        }
        x += advances_[index];
    }
    return true;
}

void ShapedTextCache::draw(QPainter& painter, const GlyphBatch& batch)
{
    if (batch.glyphs.empty())
        return;
    run_.setRawFont(rawFont_);
    run_.setRawData(batch.glyphs.data(), batch.positions.data(), static_cast<int>(batch.glyphs.size()));
    painter.drawGlyphRun(QPointF(0, 0), run_);
}

// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QFontMetricsF>
#include <QGlyphRun>
#include <QHash>
#include <QList>
#include <QRawFont>
#include <QString>
#include <QStringView>

#include <array>
#include <vector>

class QPainter;
class QPointF;

/// Paints and measures cell text from glyphs shaped once (DESIGN.md
/// decision 13), not through QTextLayout per cell and per paint: laying a
/// text out (HarfBuzz shaping, font fallback) costs microseconds, and a
/// frame of a 2-D grid shows over a thousand texts.
///
/// Numbers, and most cell text, are printable ASCII, Latin-1 letters and a
/// little punctuation (the "…" that marks rounded or pending text): each
/// such character is shaped once, when the cache is made (its glyph and
/// advance in the font), and a text is a run of those glyphs placed side by
/// side, as a monospaced font places them (the grid's font: no ligatures, no kerning;
/// tests compare the result with QPainter::drawText). Any other text (accents, CJK, emoji, a character the font
/// lacks) is laid out once by QTextLayout, with fallback fonts, and its
/// glyph runs are kept for the next paint.
class ShapedTextCache {
public:
    explicit ShapedTextCache(const QFont& font);

    [[nodiscard]] const QFont& font() const { return font_; }
    /// The text's advance as draw() paints it.
    [[nodiscard]] qreal width(QStringView text);
    /// Paints `text` with its line box's top-left corner at `topLeft`, in
    /// the painter's pen colour.
    void draw(QPainter& painter, const QPointF& topLeft, QStringView text);

    /// The glyphs of many texts, painted by one drawGlyphRun: the cells of a
    /// frame share the font and mostly one colour, and a drawing call per
    /// cell cost more than the cell's few glyphs.
    struct GlyphBatch {
        std::vector<quint32> glyphs;
        std::vector<QPointF> positions; ///< on the baseline, in the painter's coordinates
        void clear()
        {
            glyphs.clear();
            positions.clear();
        }
    };
    /// Adds `text`, its line box's top-left corner at `topLeft`, to `batch`;
    /// false (and nothing added) when the text is not made of characters
    /// shaped once: draw() it on its own.
    bool append(GlyphBatch& batch, const QPointF& topLeft, QStringView text) const;
    /// Paints the batch in the painter's pen colour.
    void draw(QPainter& painter, const GlyphBatch& batch);
    /// The height of a line of text (ascent + descent).
    [[nodiscard]] qreal lineHeight() const { return metrics_.height(); }

private:
    struct LaidOut {
        QList<QGlyphRun> runs;
        qreal width = 0;
    };
    /// Where a character's glyph is kept, or -1 for one shaped with its
    /// neighbours (outside the simple ranges, or not in the font).
    [[nodiscard]] int simpleIndex(char16_t c) const;
    /// True when every character has a glyph shaped once.
    [[nodiscard]] bool isSimple(QStringView text) const;
    const LaidOut& laidOut(QStringView text);

    QFont font_;
    QFontMetricsF metrics_;
    QRawFont rawFont_;
    /// Characters shaped one by one: printable ASCII, Latin-1's printable
    /// half, and General Punctuation's dashes, quotes and ellipsis; no
    /// combining marks, no scripts whose letters join.
    struct SimpleRange {
        char16_t first;
        char16_t last;
    };
    static constexpr std::array<SimpleRange, 3> kSimpleRanges{{{0x20, 0x7e}, {0xa0, 0xff}, {0x2010, 0x2027}}};
    static constexpr int kSimpleCount = (0x7e - 0x20 + 1) + (0xff - 0xa0 + 1) + (0x2027 - 0x2010 + 1);
    /// By simpleIndex(); glyph 0 (none in the font) makes a character not simple.
    std::array<quint32, kSimpleCount> glyphs_{};
    std::array<qreal, kSimpleCount> advances_{};
    /// The run that draws a batch (reused: its arrays are the batch's).
    QGlyphRun run_;
    /// draw()'s batch for a single simple text (reused).
    GlyphBatch single_;
    /// Texts that are not simple, laid out once; bounded (cleared when large).
    QHash<QString, LaidOut> laidOut_;
};

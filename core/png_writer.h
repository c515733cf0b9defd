// SPDX-License-Identifier: MIT
#pragma once

// PNG files (--render) without an image library: the chunks are a few lines
// each, the pixels go through zlib. Written through OutputFile, so a target
// is replaced atomically or written in place by the export rules
// (DESIGN.md decision 10).

#include "core/plane_sampler.h"

#include <string>

namespace arraylens {

class OutputFile;

class PngWriter {
public:
    /// The PNG colour type the picture needs: grey (every pixel r == g == b
    /// and opaque: a third of the bytes), RGB (opaque), or RGBA.
    enum class ColorType : std::uint8_t { Gray = 0, Rgb = 2, Rgba = 6 };
    [[nodiscard]] static ColorType colorTypeOf(const RgbaImage& image);

    /// The whole file, 8 bits a channel, in the smallest colour type that
    /// holds the picture exactly. Throws Error for an empty picture or one
    /// wider or taller than PNG allows (2^31 - 1).
    [[nodiscard]] static std::string encode(const RgbaImage& image);
    /// encode(), written to `output` (which the caller commits).
    static void write(const RgbaImage& image, OutputFile& output);
};

} // namespace arraylens

// SPDX-License-Identifier: MIT
#include "core/png_writer.h"

#include "core/errors.h"
#include "core/output_file.h"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

namespace arraylens {

namespace {

void appendBigEndian(std::string& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>((value >> shift) & 0xff);
}

void appendChunk(std::string& out, const char type[4], std::string_view data)
{
    appendBigEndian(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t typeAt = out.size();
    out.append(type, 4);
    out.append(data);
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(out.data() + typeAt), static_cast<uInt>(4 + data.size()));
    appendBigEndian(out, static_cast<std::uint32_t>(crc));
}

int paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/// One scanline, filtered by whichever of PNG's five filters gives the
/// smallest sum of absolute (signed) bytes: libpng's heuristic, which lets
/// zlib find the smooth gradients of a colormap.
void filterRow(const std::uint8_t* row, const std::uint8_t* previous, std::size_t length, std::size_t bpp,
               std::vector<std::uint8_t>& out)
{
    std::array<std::vector<std::uint8_t>, 5> candidates;
    std::size_t best = 0;
    std::uint64_t bestSum = std::numeric_limits<std::uint64_t>::max();
    for (std::size_t filter = 0; filter < 5; ++filter) {
        std::vector<std::uint8_t>& line = candidates[filter];
        line.resize(length);
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < length; ++i) {
            const int a = i >= bpp ? row[i - bpp] : 0;
            const int b = previous ? previous[i] : 0;
            const int c = previous && i >= bpp ? previous[i - bpp] : 0;
            int predicted = 0;
            switch (filter) { // PNG's filter types, not element types
            case 1: predicted = a; break;
            case 2: predicted = b; break;
            case 3: predicted = (a + b) / 2; break;
            case 4: predicted = paeth(a, b, c); break;
            default: break;
            }
            const auto value = static_cast<std::uint8_t>(row[i] - predicted);
            line[i] = value;
            sum += value < 128 ? value : 256 - value;
        }
        if (sum < bestSum) {
            bestSum = sum;
            best = filter;
        }
    }
    out.push_back(static_cast<std::uint8_t>(best));
    out.insert(out.end(), candidates[best].begin(), candidates[best].end());
}

} // namespace

PngWriter::ColorType PngWriter::colorTypeOf(const RgbaImage& image)
{
    bool gray = true;
    for (const Rgba& p : image.pixels) {
        if (p.a != 255)
            return ColorType::Rgba;
        gray = gray && p.r == p.g && p.g == p.b;
    }
    return gray ? ColorType::Gray : ColorType::Rgb;
}

std::string PngWriter::encode(const RgbaImage& image)
{
    constexpr std::int64_t kMaxSide = std::numeric_limits<std::int32_t>::max();
    if (image.width <= 0 || image.height <= 0 || image.width > kMaxSide || image.height > kMaxSide)
        throw Error("a PNG is 1 to 2^31 - 1 pixels a side, not " + std::to_string(image.width) + " × " +
                    std::to_string(image.height));
    const ColorType type = colorTypeOf(image);
    const std::size_t bpp = type == ColorType::Gray ? 1 : type == ColorType::Rgb ? 3 : 4;
    const auto width = static_cast<std::size_t>(image.width);

    std::string file("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    appendBigEndian(header, static_cast<std::uint32_t>(image.width));
    appendBigEndian(header, static_cast<std::uint32_t>(image.height));
    header += static_cast<char>(8);                        // bits per channel
    header += static_cast<char>(static_cast<int>(type));   // colour type
    header += std::string(3, '\0');                        // deflate, adaptive filters, no interlace
    appendChunk(file, "IHDR", header);

    z_stream zs{};
    if (deflateInit(&zs, 6) != Z_OK)
        throw Error("zlib could not start compressing");
    struct End {
        z_stream& zs;
        ~End() { deflateEnd(&zs); }
    } end{zs};
    std::string compressed;
    std::vector<std::uint8_t> row(width * bpp), previous(width * bpp), filtered;
    std::array<char, 1 << 16> chunk{};
    const auto pump = [&](int flush) {
        do {
            zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
            zs.avail_out = static_cast<uInt>(chunk.size());
            const int status = deflate(&zs, flush);
            if (status == Z_STREAM_ERROR)
                throw Error("zlib failed while compressing");
            compressed.append(chunk.data(), chunk.size() - zs.avail_out);
        } while (zs.avail_out == 0);
    };
    for (std::int64_t y = 0; y < image.height; ++y) {
        const Rgba* pixels = image.pixels.data() + static_cast<std::size_t>(y) * width;
        for (std::size_t x = 0; x < width; ++x) {
            std::uint8_t* out = row.data() + x * bpp;
            out[0] = pixels[x].r;
            if (bpp >= 3) {
                out[1] = pixels[x].g;
                out[2] = pixels[x].b;
            }
            if (bpp == 4)
                out[3] = pixels[x].a;
        }
        filtered.clear();
        filterRow(row.data(), y ? previous.data() : nullptr, row.size(), bpp, filtered);
        zs.next_in = filtered.data();
        zs.avail_in = static_cast<uInt>(filtered.size());
        pump(Z_NO_FLUSH);
        std::swap(row, previous);
    }
    zs.next_in = nullptr;
    zs.avail_in = 0;
    pump(Z_FINISH);
    // IDAT chunks of at most 1 MiB (any split is valid; readers stream them).
    constexpr std::size_t kIdatBytes = std::size_t{1} << 20;
    for (std::size_t at = 0; at < compressed.size(); at += kIdatBytes)
        appendChunk(file, "IDAT", std::string_view(compressed).substr(at, kIdatBytes));
    appendChunk(file, "IEND", {});
    return file;
}

void PngWriter::write(const RgbaImage& image, OutputFile& output)
{
    output.write(encode(image));
}

} // namespace arraylens

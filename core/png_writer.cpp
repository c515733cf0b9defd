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
/// zlib find the smooth gradients of a colormap. One loop per filter (no
/// branch per byte): this is most of the writer's time.
class RowFilter {
public:
    RowFilter(std::size_t length, std::size_t bpp) : length_(length), bpp_(bpp)
    {
        for (auto& line : lines_)
            line.resize(length);
    }

    /// Appends the filter type byte and the filtered row to `out`.
    void filter(const std::uint8_t* row, const std::uint8_t* previous, std::string& out)
    {
        if (!previous) {
            zeroRow_.assign(length_, 0);
            previous = zeroRow_.data();
        }
        const std::size_t n = length_, bpp = std::min(bpp_, n);
        std::uint8_t* none = lines_[0].data();
        std::uint8_t* sub = lines_[1].data();
        std::uint8_t* up = lines_[2].data();
        std::uint8_t* average = lines_[3].data();
        std::uint8_t* paethLine = lines_[4].data();
        for (std::size_t i = 0; i < bpp; ++i) {
            none[i] = row[i];
            sub[i] = row[i];
            up[i] = static_cast<std::uint8_t>(row[i] - previous[i]);
            average[i] = static_cast<std::uint8_t>(row[i] - previous[i] / 2);
            paethLine[i] = static_cast<std::uint8_t>(row[i] - paeth(0, previous[i], 0));
        }
        for (std::size_t i = bpp; i < n; ++i) {
            none[i] = row[i];
            sub[i] = static_cast<std::uint8_t>(row[i] - row[i - bpp]);
            up[i] = static_cast<std::uint8_t>(row[i] - previous[i]);
            average[i] = static_cast<std::uint8_t>(row[i] - (row[i - bpp] + previous[i]) / 2);
            paethLine[i] = static_cast<std::uint8_t>(row[i] - paeth(row[i - bpp], previous[i], previous[i - bpp]));
        }
        std::size_t best = 0;
        std::uint64_t bestSum = std::numeric_limits<std::uint64_t>::max();
        for (std::size_t f = 0; f < lines_.size(); ++f) {
            std::uint64_t sum = 0;
            for (const std::uint8_t v : lines_[f])
                sum += static_cast<std::uint64_t>(v < 128 ? v : 256 - v);
            if (sum < bestSum) {
                bestSum = sum;
                best = f;
            }
        }
        out += static_cast<char>(best);
        out.append(reinterpret_cast<const char*>(lines_[best].data()), n);
    }

private:
    std::size_t length_;
    std::size_t bpp_;
    std::array<std::vector<std::uint8_t>, 5> lines_; ///< None, Sub, Up, Average, Paeth
    std::vector<std::uint8_t> zeroRow_;
};

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
    std::vector<std::uint8_t> row(width * bpp), previous(width * bpp);
    std::string filtered;
    RowFilter filter(row.size(), bpp);
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
        filter.filter(row.data(), y ? previous.data() : nullptr, filtered);
        zs.next_in = reinterpret_cast<Bytef*>(filtered.data());
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

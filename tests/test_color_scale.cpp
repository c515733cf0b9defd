// SPDX-License-Identifier: MIT
// Colormaps, the value-to-colour scale, and the tab's shared scale model.

#include "test_support.h"

#include "core/color_scale.h"
#include "core/colormap.h"
#include "ui/color_scale_model.h"

#include <QSignalSpy>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

using namespace arraylens;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNan = std::nan("");

bool sameColor(Rgba a, Rgba b)
{
    return a == b;
}

} // namespace

class TestColorScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownMapsAndTheirPublishedEnds()
    {
        const auto names = Colormap::names();
        QCOMPARE(names.front(), std::string("gray"));
        for (const char* needed : {"gray", "viridis", "magma", "inferno", "coolwarm", "RdBu"})
            QVERIFY2(std::find(names.begin(), names.end(), needed) != names.end(), needed);
        // Entries 0, 128, 255 of matplotlib's published float data, times 255, rounded.
        const auto check = [](const char* name, Rgba first, Rgba middle, Rgba last) {
            const Colormap& map = Colormap::named(name);
            QCOMPARE(map.name(), std::string_view(name));
            QVERIFY(sameColor(map.entry(0), first));
            QVERIFY(sameColor(map.entry(128), middle));
            QVERIFY(sameColor(map.entry(255), last));
        };
        check("viridis", {68, 1, 84, 255}, {33, 145, 140, 255}, {253, 231, 37, 255});
        check("magma", {0, 0, 4, 255}, {183, 55, 121, 255}, {252, 253, 191, 255});
        check("inferno", {0, 0, 4, 255}, {188, 55, 84, 255}, {252, 255, 164, 255});
        check("coolwarm", {59, 76, 192, 255}, {221, 220, 220, 255}, {180, 4, 38, 255});
        check("RdBu", {103, 0, 31, 255}, {246, 247, 247, 255}, {5, 48, 97, 255});
        // gray is the identity: every byte once, in order.
        for (int i = 0; i < 256; ++i) {
            const Rgba c = Colormap::named("gray").entry(i);
            QCOMPARE(int(c.r), i);
            QCOMPARE(int(c.g), i);
            QCOMPARE(int(c.b), i);
            QCOMPARE(int(c.a), 255);
        }
    }

    void namesAreCaseInsensitiveAndReversible()
    {
        QCOMPARE(&Colormap::named("VIRIDIS"), &Colormap::named("viridis"));
        QCOMPARE(&Colormap::named("rdbu"), &Colormap::named("RdBu"));
        const Colormap& reversed = Colormap::named("viridis_r");
        QCOMPARE(reversed.name(), std::string_view("viridis_r"));
        QVERIFY(sameColor(reversed.entry(0), Colormap::named("viridis").entry(255)));
        QVERIFY(sameColor(reversed.entry(255), Colormap::named("viridis").entry(0)));
    }

    void unknownNameIsRefusedNamingTheKnownOnes()
    {
        try {
            (void)Colormap::named("jet");
            QFAIL("jet was accepted");
        } catch (const std::invalid_argument& error) {
            const std::string what = error.what();
            QVERIFY2(what.find("'jet'") != std::string::npos, what.c_str());
            QVERIFY2(what.find("viridis") != std::string::npos, what.c_str());
            QVERIFY2(what.find("gray") != std::string::npos, what.c_str());
        }
    }

    void atCutsTheUnitIntervalIntoEqualBins()
    {
        const Colormap& gray = Colormap::gray();
        QCOMPARE(int(gray.at(0.0).r), 0);
        QCOMPARE(int(gray.at(1.0).r), 255);
        QCOMPARE(int(gray.at(0.5).r), 128);
        QCOMPARE(int(gray.at(1.0 / 256 - 1e-12).r), 0);
        QCOMPARE(int(gray.at(1.0 / 256).r), 1);
        QCOMPARE(int(gray.at(255.0 / 256).r), 255);
        QCOMPARE(int(gray.at(-3.0).r), 0);  // clamped
        QCOMPARE(int(gray.at(7.0).r), 255); // clamped
        QCOMPARE(int(gray.at(kNan).r), 0);
    }

    void scaleMapsLowToHighLinearly()
    {
        ColorScale scale(Colormap::named("viridis"), -10.0, 10.0);
        QVERIFY(sameColor(scale.color(-10.0), Colormap::named("viridis").entry(0)));
        QVERIFY(sameColor(scale.color(10.0), Colormap::named("viridis").entry(255)));
        QVERIFY(sameColor(scale.color(0.0), Colormap::named("viridis").entry(128)));
        QVERIFY(sameColor(scale.color(-1e9), Colormap::named("viridis").entry(0))); // outside: the ends
        QVERIFY(sameColor(scale.color(1e9), Colormap::named("viridis").entry(255)));
        QCOMPARE(scale.entry(5.0), 192); // 0.75 * 256

        // Reversed range: the map runs backwards.
        scale.setRange(10.0, -10.0);
        QCOMPARE(scale.entry(10.0), 0);
        QCOMPARE(scale.entry(-10.0), 255);

        // Ends too far apart to subtract: still linear, no overflow.
        scale.setRange(-1e308, 1e308);
        QCOMPARE(scale.entry(0.0), 128);
        QCOMPARE(scale.entry(1e308), 255);
        QCOMPARE(scale.entry(-1e308), 0);
    }

    void equalEndsMapEverythingToTheMiddle()
    {
        const ColorScale scale(Colormap::gray(), 3.0, 3.0);
        QCOMPARE(scale.entry(3.0), 128);
        QCOMPARE(scale.entry(-100.0), 128);
        QCOMPARE(scale.entry(100.0), 128);
        QCOMPARE(scale.entry(kNan), int(ColorScale::kNanEntry)); // NaN keeps its colour
    }

    void nanAndInfinitiesHaveTheirOwnColours()
    {
        const ColorScale scale(Colormap::gray(), 0.0, 1.0);
        QVERIFY(sameColor(scale.color(kNan), ColorScale::kNanColor));
        QVERIFY(sameColor(scale.color(kInf), ColorScale::kPositiveInfinityColor));
        QVERIFY(sameColor(scale.color(-kInf), ColorScale::kNegativeInfinityColor));
        QVERIFY(!sameColor(ColorScale::kNanColor, ColorScale::kPositiveInfinityColor));
        QVERIFY(!sameColor(ColorScale::kNanColor, ColorScale::kNegativeInfinityColor));
        QVERIFY(!sameColor(ColorScale::kPositiveInfinityColor, ColorScale::kNegativeInfinityColor));
        // Far from every entry of every map (and its reverse), so that they
        // never pass for a value.
        for (const std::string& name : Colormap::names()) {
            const Colormap& map = Colormap::named(name);
            for (int i = 0; i < Colormap::kSize; ++i)
                for (const Rgba special : {ColorScale::kNanColor, ColorScale::kPositiveInfinityColor,
                                           ColorScale::kNegativeInfinityColor}) {
                    const Rgba c = map.entry(i);
                    const double distance = std::hypot(c.r - special.r, c.g - special.g, c.b - special.b);
                    QVERIFY2(distance >= 35.0, (name + " entry " + std::to_string(i)).c_str());
                }
        }
    }

    void rangeEndsMustBeFinite()
    {
        ColorScale scale;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scale.setRange(0.0, kInf));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scale.setRange(kNan, 1.0));
        QCOMPARE(scale.low(), 0.0); // unchanged
        QCOMPARE(scale.high(), 1.0);
    }

    void modelColoursThroughItsTable()
    {
        ColorScaleModel model;
        QSignalSpy changed(&model, &ColorScaleModel::changed);
        QVERIFY(!model.hasRange());
        QCOMPARE(model.colormap().name(), std::string_view("gray"));
        model.setRange(0.0, 255.0);
        QVERIFY(model.hasRange());
        QCOMPARE(changed.count(), 1);
        model.setRange(0.0, 255.0); // the same: no repaint
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.color(100.0), QColor(100, 100, 100));
        model.setColormap("viridis");
        QCOMPARE(changed.count(), 2);
        QCOMPARE(model.color(0.0), QColor(68, 1, 84));
        QCOMPARE(model.color(kNan), QColor(200, 64, 200));
        QCOMPARE(model.color(kInf), QColor(190, 255, 255));
        QCOMPARE(model.color(-kInf), QColor(64, 32, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.setColormap("nope"));
        QCOMPARE(model.colormap().name(), std::string_view("viridis"));

        model.setHeatMapEnabled(true);
        QVERIFY(model.heatMapEnabled());
        QCOMPARE(changed.count(), 3);
    }

    void manualRangeWinsOverComputedOnes()
    {
        ColorScaleModel model;
        model.setManualRange(-1.0, 1.0);
        QCOMPARE(model.rangeMode(), ColorScaleModel::RangeMode::Manual);
        model.setRange(0.0, 100.0); // a view's window: ignored
        QCOMPARE(model.low(), -1.0);
        QCOMPARE(model.high(), 1.0);
        model.clearRange(); // a new plane: the user's range stays
        QVERIFY(model.hasRange());
        model.setRangeMode(ColorScaleModel::RangeMode::WholeView);
        QVERIFY(!model.hasRange());
        model.setRange(0.0, 100.0);
        QCOMPARE(model.high(), 100.0);
        model.setRange(kNan, 5.0); // a plane of NaN has no range: kept
        QCOMPARE(model.low(), 0.0);
        model.clearRange();
        QVERIFY(!model.hasRange());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.setManualRange(0.0, kInf));
    }

    void modelColourIsATableLookup()
    {
        // It runs for every painted cell: a few ns, not a computation per call.
        ColorScaleModel model;
        model.setColormap("magma");
        model.setRange(-1.0, 1.0);
        constexpr int kCalls = 1'000'000;
        QRgb sum = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kCalls; ++i)
            sum += model.rgb(std::sin(i * 0.001));
        const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
                          kCalls;
        qInfo("ColorScaleModel::rgb: %.1f ns per value (sin included)", ns);
        QVERIFY(sum != 0);
        if (!testing::kSanitized && !testing::kThreadSanitized)
            QVERIFY2(ns < 100.0, qPrintable(QString("%1 ns").arg(ns)));
    }
};

ARRAYLENS_TEST_MAIN(TestColorScale)
#include "test_color_scale.moc"

// SPDX-License-Identifier: MIT
// PEP 3118 record formats (core/struct_format.h), checked against real
// exporters: NumPy structured arrays and ctypes Structures export their format
// through memoryview(), and the truth (each leaf's name, offset, size and byte
// order) is computed in Python from dtype.fields and the ctypes field
// descriptors. NumPy's own reader, _dtype_from_pep3118, and the struct module
// are the references for hand-written formats.
#include "test_support.h"

#include "core/errors.h"
#include "core/struct_format.h"

#include <algorithm>
#include <random>

using namespace arraylens;

namespace {

// Python side: the truth as "name\toffset\tsize\torder" lines, order being
// '<', '>' or '|' (one-byte items and byte strings). NumPy void fields are
// padding, as the parser treats them (NumPy exports V3 as "3x:name:").
const char* const kTruthHelpers = R"PY(
import ctypes, struct
import numpy as np

def _al_index(shape, flat):
    index = []
    for dim in reversed(shape):
        index.append(flat % dim)
        flat //= dim
    return '[' + ','.join(str(i) for i in reversed(index)) + ']'

def _al_count(shape):
    n = 1
    for dim in shape:
        n *= dim
    return n

def _al_np_value(dt, name, offset, out):
    shape = ()
    while dt.subdtype is not None:   # NumPy 1.24 keeps a sub-array of a sub-array nested
        dt, sub = dt.subdtype
        shape += sub
    if shape:
        for flat in range(_al_count(shape)):
            _al_np_element(dt, name + _al_index(shape, flat), offset + flat * dt.itemsize, out)
    else:
        _al_np_element(dt, name, offset, out)

def _al_np_element(dt, name, offset, out):
    if dt.names is not None:
        _al_np_fields(dt, name + '.', offset, out)
    elif dt.kind == 'V':
        pass
    else:
        order = '|' if dt.itemsize <= 1 or dt.kind == 'S' else dt.str[0]
        out.append((name, offset, dt.itemsize, order))

def _al_np_fields(dt, prefix, offset, out):
    for name in dt.names:
        sub, off = dt.fields[name][:2]
        _al_np_value(sub, prefix + name, offset + off, out)

def _al_ct_value(typ, name, offset, swapped, out):
    shape = ()
    while issubclass(typ, ctypes.Array):
        shape += (typ._length_,)
        typ = typ._type_
    if shape:
        for flat in range(_al_count(shape)):
            _al_ct_element(typ, name + _al_index(shape, flat), offset + flat * ctypes.sizeof(typ), swapped, out)
    else:
        _al_ct_element(typ, name, offset, swapped, out)

def _al_ct_element(typ, name, offset, swapped, out):
    if issubclass(typ, ctypes.Structure):
        _al_ct_fields(typ, name + '.', offset, out)
    else:
        size = ctypes.sizeof(typ)
        order = '|' if size <= 1 else ('>' if swapped else '<')
        out.append((name, offset, size, order))

def _al_ct_fields(cls, prefix, offset, out):
    swapped = hasattr(cls, '_swappedbytes_')   # BigEndianStructure on this little-endian host
    for field in cls._fields_:
        name, typ = field[0], field[1]
        _al_ct_value(typ, prefix + name, offset + getattr(cls, name).offset, swapped, out)

def _al_lines(leaves):
    return ''.join('%s\t%d\t%d\t%s\n' % leaf for leaf in leaves)

def _al_truth(obj):
    out = []
    if isinstance(obj, np.ndarray):
        _al_np_fields(obj.dtype, '', 0, out)
    else:
        typ = type(obj)
        while issubclass(typ, ctypes.Array):
            typ = typ._type_
        _al_ct_fields(typ, '', 0, out)
    return _al_lines(out)

def _al_reference(fmt):
    # NumPy's reader, the reference implementation of the layout rules.
    dt = np.core._internal._dtype_from_pep3118(fmt)
    out = []
    _al_np_fields(dt, '', 0, out)
    return _al_lines(out), dt.itemsize

def _al_struct(prefix, elements):
    # The struct module's offsets: element k starts where "<elements before k>0<code k>" ends.
    out = []
    for k, element in enumerate(elements):
        code = element.lstrip('0123456789')
        count = int(element[:len(element) - len(code)] or '1')
        start = struct.calcsize(prefix + ''.join(elements[:k]) + '0' + code)
        if code == 's':
            out.append(('f%d' % k, start, count, '|'))
            continue
        size = struct.calcsize(prefix + code)
        order = '|' if size <= 1 else ('>' if prefix in ('>', '!') else '<')
        if element == code:
            out.append(('f%d' % k, start, size, order))
        else:
            for i in range(count):
                out.append(('f%d[%d]' % (k, i), start + i * size, size, order))
    return _al_lines(out), struct.calcsize(prefix + ''.join(elements))
)PY";

char orderOf(const StructField& field)
{
    const std::string& format = field.format;
    if (field.itemSize <= 1 || format.back() == 's')
        return '|';
    switch (format.front()) {
    case '<': return '<';
    case '>': case '!': return '>';
    default: return '<'; // native on this (little-endian) host: none, '@', '=', '^'
    }
}

QString lines(const StructFormat& parsed)
{
    std::string text;
    for (const StructField& field : parsed.fields)
        text += field.name + '\t' + std::to_string(field.offset) + '\t' + std::to_string(field.itemSize) + '\t' +
                orderOf(field) + '\n';
    return QString::fromStdString(text);
}

std::int64_t integer(const std::string& expression)
{
    return std::stoll(testing::str(expression));
}

/// What memoryview() says about the object `expression` builds (bound as _al_obj).
struct Exported {
    std::string format;
    std::int64_t itemSize = 0;
};

Exported exported(const std::string& expression)
{
    testing::exec("_al_obj = " + expression);
    return {testing::str("memoryview(_al_obj).format"), integer("memoryview(_al_obj).itemsize")};
}

/// Each leaf's format is a single code or an N-count string, with a prefix at most.
void checkLeafFormats(const StructFormat& parsed)
{
    for (const StructField& field : parsed.fields) {
        std::string_view body = field.format;
        if (!body.empty() && std::string_view("@=<>!^").find(body.front()) != std::string_view::npos)
            body.remove_prefix(1);
        const bool string = body.size() >= 2 && (body.back() == 's' || body.back() == 'w') &&
                            body.find_first_not_of("0123456789") == body.size() - 1;
        const bool scalar = body.size() == 1 || (body.size() == 2 && body.front() == 'Z');
        QVERIFY2(string || scalar, field.format.c_str());
        QVERIFY2(body.find_first_of("T{}():x") == std::string_view::npos, field.format.c_str());
    }
}

} // namespace

class StructFormatTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { testing::exec(kTruthHelpers); }

    // NumPy structured arrays: every leaf and the record size as NumPy says.
    void numpyRecords_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<bool>("sizeInFormat"); // false where NumPy leaves trailing bytes out of the format
        const std::pair<const char*, bool> rows[] = {
            {"np.dtype([('name','U10'),('x','f8'),('y','f8'),('n','i4')])", true},
            {"np.dtype([('a','i1'),('b','f8')])", true},
            {"np.dtype([('a','i1'),('b','f8')], align=True)", true},
            {"np.dtype([('a','f8'),('b','i1')], align=True)", true},
            {"np.dtype('u1,i4,u1', align=True)", true},
            {"np.dtype('i4,f8')", true},
            {"np.dtype([('a','>i4'),('b','<f8'),('c','>f4')])", true},
            {"np.dtype([('a','<i8'),('b','>i8'),('c','<i8')])", true},
            {"np.dtype([('a','>f8'),('b','>f8')])", true},
            {"np.dtype([('a',[('x','>i4')]),('b','>i4')])", true},
            {"np.dtype([('a',[('x','>i4')]),('b','<i4')])", true},
            {"np.dtype([('a',[('x','<i4'),('y','>i4')]),('b','>i4'),('c','<i4')])", true},
            {"np.dtype([('a',[('x','>i4'),('y','u1')]),('b','f8')])", true},
            {"np.dtype([('a','i4',(2,3)),('b','S3'),('c','?'),('d','c8'),('e','f2'),('f','c16'),('g','g'),('h','G')])",
             true},
            {"np.dtype([('a','i4',(2,3)),('b','S3'),('c','?'),('d','c8'),('e','f2'),('f','c16'),('g','g'),('h','G')], "
             "align=True)",
             true},
            // Aligned, ending under '>': NumPy writes no trailing "xx" and its own reader gets 46 bytes.
            {"np.dtype([('a','?'),('b','c8'),('c','e'),('d','c16'),('e','u1'),('f','>c8'),('g','>e')], align=True)",
             false},
            {"np.dtype([('a','?'),('b','c8'),('c','e'),('d','c16'),('e','u1'),('f','>c8'),('g','e')], align=True)",
             true},
            {"np.dtype([('p',[('x','f4'),('y','f4')],(2,)),('q','u2')])", true},
            {"np.dtype([('p',[('x','u1'),('y','f8')],(2,)),('q','u1')])", true},
            {"np.dtype([('p',[('x','u1'),('y','f8')],(2,)),('q','u1')], align=True)", true},
            {"np.dtype([('s',[('m','f4',(2,2)),('t','S5')],(3,))])", true},
            {"np.dtype({'formats':[np.dtype((np.dtype((np.int32,(3,))),(2,)))],'names':['foo']})", true},
            {"np.dtype([('a','u1'),('b',[('c','f8'),('d','u1')])])", true},
            {"np.dtype([('a','u1'),('b',[('c','f8'),('d','u1')])], align=True)", true},
            {"np.dtype([('a','u1'),('b',[('c','u1'),('d',[('e','u2'),('f','f8')])]),('g','u1')], align=True)", true},
            {"np.dtype([('a','u1'),('b',[('c','u1'),('d',[('e','>u2'),('f','f8')])]),('g','u1')]).newbyteorder('>')",
             true},
            {"np.dtype({'names':['a','b'],'formats':['i4','f8'],'offsets':[4,16],'itemsize':24})", true},
            {"np.dtype({'names':['a','b','c'],'formats':['u1','>i2',('f4',(2,))],'offsets':[1,5,12],'itemsize':20})",
             true},
            {"np.dtype({'names':['a','b'],'formats':['i4','f8'],'offsets':[4,16],'itemsize':32})", false},
            {"np.dtype({'names':['a'],'formats':['u1'],'offsets':[0],'itemsize':5})", false},
            {"np.dtype([('a','l'),('b','q'),('c','L'),('d','Q'),('e','p'),('f','P'),('g','h'),('h','H')])", true},
            {"np.dtype([('x','<U3'),('y','>U3'),('z','S1'),('w','U1')])", true},
            {"np.dtype([('a','U1'),('b','V3'),('c','i2')])", true},
            {"np.dtype([('a.b','u1'),('c','?'),('\\u03b1','f4'),('\\u540d\\u524d','i2')])", true},
            {"np.dtype([('x',[])])", true},
            {"np.dtype([('i','i1'),('v','f8',(3,)),('m','u2',(2,2)),('s','S2',(2,))], align=True)", true},
        };
        for (const auto& [dtype, sizeInFormat] : rows)
            QTest::newRow(dtype) << QString::fromUtf8(dtype) << sizeInFormat;
    }
    void numpyRecords()
    {
        QFETCH(QString, dtype);
        QFETCH(bool, sizeInFormat);
        for (const char* shape : {"3", "(2, 3)"}) {
            const Exported mv = exported("np.zeros(" + std::string(shape) + ", " + dtype.toStdString() + ")");
            QCOMPARE(mv.itemSize, integer("_al_obj.dtype.itemsize"));
            QVERIFY2(isStructFormat(mv.format), mv.format.c_str());
            const StructFormat parsed = parseStructFormat(mv.format);
            QCOMPARE(lines(parsed), QString::fromStdString(testing::str("_al_truth(_al_obj)")));
            QVERIFY(!parsed.fields.empty() || dtype.contains("[])"));
            checkLeafFormats(parsed);
            if (sizeInFormat) {
                QCOMPARE(parsed.itemSize, mv.itemSize);
            } else {
                // NumPy 1.24 writes no trailing padding for explicit offsets
                // ("T{xxxxi:a:xxxxxxxxd:b:}" for 32 bytes); the caller sees it.
                QVERIFY2(parsed.itemSize < mv.itemSize, mv.format.c_str());
            }
        }
    }

    // The formats NumPy writes, leaf by leaf, with the prefix carried over.
    void numpyLeafFormats()
    {
        const Exported mv = exported("np.zeros(2, [('name','U10'),('x','f8'),('y','f8'),('n','i4')])");
        QCOMPARE(mv.format, std::string("T{10w:name:=d:x:d:y:@i:n:}"));
        const StructFormat parsed = parseStructFormat(mv.format);
        QCOMPARE(parsed.itemSize, 60);
        QCOMPARE(parsed.fields.size(), std::size_t(4));
        const std::tuple<const char*, std::int64_t, const char*, std::int64_t> expected[] = {
            {"name", 0, "10w", 40}, {"x", 40, "=d", 8}, {"y", 48, "=d", 8}, {"n", 56, "@i", 4}};
        for (std::size_t k = 0; k < 4; ++k) {
            const auto& [name, offset, format, size] = expected[k];
            QCOMPARE(parsed.fields[k].name, std::string(name));
            QCOMPARE(parsed.fields[k].offset, offset);
            QCOMPARE(parsed.fields[k].format, std::string(format));
            QCOMPARE(parsed.fields[k].itemSize, size);
        }

        // A prefix written inside a nested struct stays in force after it.
        const StructFormat carried = parseStructFormat(exported("np.zeros(1, [('a',[('x','>i4')]),('b','>i4')])").format);
        QCOMPARE(exported("np.zeros(1, [('a',[('x','>i4')]),('b','>i4')])").format, std::string("T{T{>i:x:}:a:i:b:}"));
        QCOMPARE(carried.fields[1].name, std::string("b"));
        QCOMPARE(carried.fields[1].format, std::string(">i"));

        // Sub-array shapes stand before the prefix; '^' for a native, unaligned long double.
        const StructFormat mixed = parseStructFormat("T{(2,3)=i:a:3s:b:?:c:Zf:d:@e:e:=Zd:f:^g:g:Zg:h:}");
        QCOMPARE(mixed.fields[0].name, std::string("a[0,0]"));
        QCOMPARE(mixed.fields[0].format, std::string("=i"));
        QCOMPARE(mixed.fields[5].name, std::string("a[1,2]"));
        QCOMPARE(mixed.fields[5].offset, 20);
        QCOMPARE(mixed.fields[6].format, std::string("=3s"));
        QCOMPARE(mixed.fields[8].format, std::string("=Zf"));
        QCOMPARE(mixed.fields[8].itemSize, 8);
        QCOMPARE(mixed.fields[11].format, std::string("^g"));
        QCOMPARE(mixed.fields[11].itemSize, 16);
        QCOMPARE(mixed.fields[12].format, std::string("^Zg"));
        QCOMPARE(mixed.itemSize, 102);
    }

    // ctypes Structures whose layout needs no padding: the format is the truth.
    void ctypesRecords_data()
    {
        testing::exec(R"PY(
class _AlPoint(ctypes.Structure):
    _fields_ = [('x', ctypes.c_double), ('y', ctypes.c_double)]
class _AlFlat(ctypes.Structure):
    _fields_ = [('d', ctypes.c_double), ('q', ctypes.c_longlong), ('l', ctypes.c_long), ('i', ctypes.c_int),
                ('f', ctypes.c_float), ('h', ctypes.c_short), ('H', ctypes.c_ushort), ('b', ctypes.c_byte),
                ('B', ctypes.c_ubyte), ('c', ctypes.c_char), ('o', ctypes.c_bool)]
class _AlOuter(ctypes.Structure):
    _fields_ = [('p', _AlPoint), ('pts', _AlPoint * 2), ('v', ctypes.c_int * 4), ('m', ctypes.c_float * 2 * 3),
                ('s', ctypes.c_short * 2), ('bb', ctypes.c_ubyte * 4)]
class _AlWide(ctypes.Structure):
    _fields_ = [('ld', ctypes.c_longdouble), ('z', ctypes.c_size_t), ('p', ctypes.c_void_p),
                ('u64', ctypes.c_uint64), ('i32', ctypes.c_int32), ('u16', ctypes.c_uint16), ('i8', ctypes.c_int8),
                ('u8', ctypes.c_uint8)]
class _AlBig(ctypes.BigEndianStructure):
    _fields_ = [('d', ctypes.c_double), ('v', ctypes.c_int * 3), ('s', ctypes.c_short * 2)]
class _AlBigNested(ctypes.BigEndianStructure):
    _fields_ = [('inner', _AlBig), ('n', ctypes.c_longlong), ('pair', ctypes.c_ushort * 2 * 2)]
class _AlLittle(ctypes.LittleEndianStructure):
    _fields_ = [('a', ctypes.c_int), ('b', ctypes.c_float)]
)PY");
        QTest::addColumn<QString>("object");
        for (const char* object :
             {"_AlPoint()", "(_AlPoint * 4)()", "_AlFlat()", "(_AlFlat * 2)()", "_AlOuter()", "(_AlOuter * 3)()",
              "(_AlOuter * 2 * 2)()", "_AlWide()", "(_AlWide * 2)()", "_AlBig()", "(_AlBig * 3)()", "_AlBigNested()",
              "(_AlBigNested * 2)()", "_AlLittle()"})
            QTest::newRow(object) << object;
    }
    void ctypesRecords()
    {
        QFETCH(QString, object);
        const Exported mv = exported(object.toStdString());
        QCOMPARE(mv.itemSize, integer("ctypes.sizeof(_al_obj) // max(1, _al_count(memoryview(_al_obj).shape))"));
        QVERIFY2(isStructFormat(mv.format), mv.format.c_str());
        const StructFormat parsed = parseStructFormat(mv.format);
        QCOMPARE(lines(parsed), QString::fromStdString(testing::str("_al_truth(_al_obj)")));
        QVERIFY(!parsed.fields.empty());
        QCOMPARE(parsed.itemSize, mv.itemSize);
        checkLeafFormats(parsed);
    }

    // ctypes before the gh-76961 fix writes no padding: "T{<c:a:<i:b:}" for
    // 8 bytes with b at 4. Where the format says so the parse is right; where
    // it does not, the record size gives the lie away.
    void ctypesPaddingShowsInTheSize()
    {
        testing::exec(R"PY(
class _AlPadded(ctypes.Structure):
    _fields_ = [('a', ctypes.c_char), ('b', ctypes.c_int), ('c', ctypes.c_short), ('d', ctypes.c_double)]
class _AlTail(ctypes.Structure):
    _fields_ = [('d', ctypes.c_double), ('a', ctypes.c_char)]
class _AlBigPadded(ctypes.BigEndianStructure):
    _fields_ = [('a', ctypes.c_char), ('b', ctypes.c_int)]
)PY");
        for (const char* object : {"_AlPadded()", "(_AlTail * 2)()", "_AlBigPadded()"}) {
            const Exported mv = exported(object);
            const StructFormat parsed = parseStructFormat(mv.format);
            if (mv.format.find('x') != std::string::npos) {
                QCOMPARE(lines(parsed), QString::fromStdString(testing::str("_al_truth(_al_obj)")));
                QCOMPARE(parsed.itemSize, mv.itemSize);
            } else {
                QVERIFY2(parsed.itemSize < mv.itemSize, mv.format.c_str());
            }
        }
        if (integer("int(sys.version_info[:2] == (3, 11))"))
            QCOMPARE(testing::str("memoryview(_AlPadded()).format"), std::string("T{<c:a:<i:b:<h:c:<d:d:}"));
    }

    // Hand-written formats against NumPy's reader (the reference for the rules).
    void numpyReader_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* format : {
                 "T{b:a:=d:b:}", "T{b:a:d:b:}", "T{T{>i:x:}:a:i:b:}", "T{@i:a:<b:c:}d", "T{<i:a:}d:b:",
                 "T{B:a:T{i:x:}}", "T{B:f1:i:f0:i}", "T{B:f0:i}", "T{B::i}", "(2)3d:v:", "(1)d:v:", "ib", "bd",
                 "c0i", "T{d:x:}xx", "T{3x:a:i:b:}", "T{3x:f0:i}", "^bd", "!hd:x:", "=bd", "<bQ", "bZd:c:e:h:",
                 "T{(2)T{b:a:d:b:}:p:b:q:}", "T{2T{b:a:<d:b:}:p:b:q:}", "T{10w:name:=d:x:d:y:@i:n:}",
                 "T{b:a:^g:x:Zg:y:}", "T{?:a:3c:c:2s:s:}", "T{b:a:w:u:}", "T{B:a:T{}:e:d:z:}", "3c:c:i",
                 "T{i:a:}:r:", "T{i:a:}:r:b:s:", "T{b:a:T{b:c:@d:d:}:n:b:e:}", "T{b:a:>T{b:c:@d:d:}:n:b:e:}",
                 "T{b:a:T{<b:c:d:d:}:n:b:e:}", "(2,2)T{h:a:b:b:}:p:", "T{b:a:2xh:b:}", "T{0d:z:b:a:}",
                 "T{(3)x:pad:b:a:}", "T{xx:f1:x:f0:B}"})
            QTest::newRow(format) << format;
    }
    void numpyReader()
    {
        QFETCH(QString, format);
        testing::setString("_al_format", format.toStdString());
        const std::int64_t reference = integer("_al_reference(_al_format)[1]");
        const StructFormat parsed = parseStructFormat(format.toStdString());
        QCOMPARE(lines(parsed), QString::fromStdString(testing::str("_al_reference(_al_format)[0]")));
        QCOMPARE(parsed.itemSize, reference);
        checkLeafFormats(parsed);
    }

    // Flat formats against the struct module: each element's offset and size.
    void structModule_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QStringList>("elements");
        QTest::addColumn<bool>("endAligned"); // struct adds no end padding; NumPy (and this parser) do under '@'
        QTest::newRow("native") << "" << QStringList{"b", "h", "d"} << true;
        QTest::newRow("@") << "@" << QStringList{"c", "i", "q", "?", "Q"} << true;
        QTest::newRow("@ end") << "@" << QStringList{"i", "b"} << false;
        QTest::newRow("native all") << "" << QStringList{"?", "l", "b", "L", "B", "n", "h", "N", "e", "P", "f", "3s", "d"}
                                    << true;
        QTest::newRow("native repeats") << "" << QStringList{"b", "3h", "2d", "5s", "4i"} << true;
        QTest::newRow("<") << "<" << QStringList{"b", "h", "i", "l", "q", "e", "f", "d", "3s", "?"} << true;
        QTest::newRow(">") << ">" << QStringList{"b", "H", "I", "L", "Q", "3d"} << true;
        QTest::newRow("!") << "!" << QStringList{"c", "l", "2h"} << true;
        QTest::newRow("=") << "=" << QStringList{"b", "l", "q", "2e"} << true;
    }
    void structModule()
    {
        QFETCH(QString, prefix);
        QFETCH(QStringList, elements);
        QFETCH(bool, endAligned);
        std::string format = prefix.toStdString();
        std::string list = "[";
        for (const QString& element : elements) {
            format += element.toStdString();
            list += "'" + element.toStdString() + "',";
        }
        list += "]";
        const std::string call = "_al_struct('" + prefix.toStdString() + "', " + list + ")";
        const StructFormat parsed = parseStructFormat(format);
        QCOMPARE(lines(parsed), QString::fromStdString(testing::str(call + "[0]")));
        const std::int64_t structSize = integer(call + "[1]");
        if (endAligned)
            QCOMPARE(parsed.itemSize, structSize);
        else
            QVERIFY(parsed.itemSize > structSize); // "ib": struct says 5, NumPy 8
    }

    void names()
    {
        const StructFormat nested = parseStructFormat("T{T{d:x:d:y:}:pos:(2)T{d:a:}:p:(2,3)f:m:3B:v:d}");
        std::vector<std::string> got;
        for (const StructField& field : nested.fields)
            got.push_back(field.name);
        const std::vector<std::string> expected = {"pos.x",  "pos.y",  "p[0].a", "p[1].a", "m[0,0]", "m[0,1]",
                                                   "m[0,2]", "m[1,0]", "m[1,1]", "m[1,2]", "v[0]",   "v[1]",
                                                   "v[2]",   "f0"};
        QCOMPARE(got, expected);
        // A string is one leaf whatever its length; a count without one is 1.
        const StructFormat strings = parseStructFormat("T{s:a:w:b:3s:c:2w:d:c:e:}");
        QCOMPARE(strings.fields.size(), std::size_t(5));
        QCOMPARE(strings.fields[0].format, std::string("1s"));
        QCOMPARE(strings.fields[1].format, std::string("1w"));
        QCOMPARE(strings.fields[1].offset, 4);
        QCOMPARE(strings.fields[1].itemSize, 4);
        QCOMPARE(strings.fields[3].itemSize, 8);
        QCOMPARE(strings.fields[4].format, std::string("c"));
        // Names may hold anything but ':'.
        const StructFormat odd = parseStructFormat("T{d:a b{}(2)T:i:\xce\xb1:}");
        QCOMPARE(odd.fields[0].name, std::string("a b{}(2)T"));
        QCOMPARE(odd.fields[1].name, std::string("\xce\xb1"));
    }

    void classification()
    {
        for (const char* format : {"T{d:a:}", "<T{d:a:}", "dd", "3d", "(2)d", "ix", "3x", "2s3", "d:a:", "<i>i", "2T{}"})
            QVERIFY2(isStructFormat(format), format);
        for (const char* format : {"", "B", "<i", "10s", "s", "3w", "Zd", ">Zg", "^g", "O", "@", "x"})
            QVERIFY2(!isStructFormat(format), format);
    }

    void limits()
    {
        QCOMPARE(parseStructFormat("99999B").fields.size(), std::size_t(99999));
        QCOMPARE(parseStructFormat("T{(1099511627775)T{}:e:b:a:}").fields.size(), std::size_t(1));
        QCOMPARE(parseStructFormat("1099511627775x").itemSize, (std::int64_t{1} << 40) - 1);
        std::string deep;
        for (int k = 0; k < 64; ++k)
            deep += "T{";
        deep += "d:x:";
        for (int k = 0; k < 64; ++k)
            deep += "}:n:";
        QCOMPARE(parseStructFormat(deep).fields.size(), std::size_t(1));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("format");
        std::string tooDeep;
        for (int k = 0; k < 5000; ++k)
            tooDeep += "T{";
        // 300 leaves, but 300 names of 300000 bytes each.
        const std::string longNames = "T{(300)T{d:" + std::string(300000, 'n') + ":}:a:}";
        for (const std::string& format : std::vector<std::string>{
                 "", "T{", "T{d:a:", "}", "T{d:a:}}", "d:a", "T{d:a:d:a:}", "3x:a:3x:a:", "d::d::", "<", "T{d:a:<}",
                 "3", "2s3", "(2", "(2)", "()d", "(2,)d", "(a)d", "(-1)d", "(2,3", "2(3)d", "Zx", "Z", "Zd:a:Z",
                 "&d", "T{&d:p:}", "X{}", "T{X{}:f:}", "O", "T{O:a:}", "t", "u", "<u", "z", "<z", "p", "q q", "T",
                 "T(", "{d}", "d)", "<>d", "1099511627776d", "99999999999999999999999d", "(1048576,1048576)d",
                 "100000d", "(400,250)d", "T{50000d:a:50000d:b:}", "1099511627775x1099511627775x", "549755813888d",
                 "68719476736T{16d}", "274877906944w", tooDeep, longNames, std::string("d\0d", 3),
                 "T{d:a:}\xff"})
            QTest::newRow(format.substr(0, 40).c_str()) << QByteArray(format.data(), qsizetype(format.size()));
    }
    void malformed()
    {
        QFETCH(QByteArray, format);
        const std::string text(format.constData(), std::size_t(format.size()));
        try {
            const StructFormat parsed = parseStructFormat(text);
            QFAIL(("parsed into " + std::to_string(parsed.fields.size()) + " fields").c_str());
        } catch (const FormatError& error) {
            const std::string message = error.what();
            std::string shown; // control bytes are written \xNN
            for (char c : text.substr(0, std::min<std::size_t>(text.size(), 256)))
                shown += c == '\0' ? std::string("\\x00") : std::string(1, c);
            QVERIFY2(message.find("'" + shown) != std::string::npos, message.c_str());
            QVERIFY2(message.size() < 2000, message.c_str());
        }
    }

    // What NumPy and ctypes export for objects, pointers and wchar_t.
    void unsupportedExports_data()
    {
        testing::exec(R"PY(
def _al_struct_of(ctype):
    class _AlOne(ctypes.Structure):
        _fields_ = [('a', ctypes.c_double), ('f', ctype)]
    return _AlOne()
)PY");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("reason");
        QTest::newRow("numpy O") << "np.zeros(2, [('a','O'),('b','f8')])" << "T{O:a:d:b:}" << "objects ('O')";
        QTest::newRow("ctypes POINTER") << "_al_struct_of(ctypes.POINTER(ctypes.c_int))" << "T{<d:a:&<i:f:}"
                                        << "pointers ('&')";
        QTest::newRow("ctypes CFUNCTYPE") << "_al_struct_of(ctypes.CFUNCTYPE(None))" << "T{<d:a:X{}:f:}"
                                          << "function pointers";
        QTest::newRow("ctypes py_object") << "_al_struct_of(ctypes.py_object)" << "T{<d:a:<O:f:}" << "objects ('O')";
        QTest::newRow("ctypes c_char_p") << "_al_struct_of(ctypes.c_char_p)" << "T{<d:a:<z:f:}" << "code 'z'";
        QTest::newRow("ctypes c_wchar_p") << "_al_struct_of(ctypes.c_wchar_p)" << "T{<d:a:<Z:f:}"
                                          << "'Z' is not followed";
        QTest::newRow("ctypes c_wchar") << "_al_struct_of(ctypes.c_wchar)" << "T{<d:a:<u:f:}" << "UCS-2";
    }
    void unsupportedExports()
    {
        QFETCH(QString, object);
        QFETCH(QString, format);
        QFETCH(QString, reason);
        const Exported mv = exported(object.toStdString());
        QCOMPARE(QString::fromStdString(mv.format), format);
        try {
            (void)parseStructFormat(mv.format);
            QFAIL("parsed");
        } catch (const FormatError& error) {
            const std::string message = error.what();
            QVERIFY2(message.find(mv.format) != std::string::npos, message.c_str());
            QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
        }
    }

    // Garbage in: a FormatError or a layout that holds together, never a crash.
    void garbage()
    {
        std::mt19937 random(3118);
        const std::string alphabet = "T{}():@=<>!^0123456789xsw?cbBhHiIlLqQnNefdgZPO&Xtu ,a";
        const std::vector<std::string> seeds = {"T{10w:name:=d:x:d:y:@i:n:}", "T{(2)T{=f:x:f:y:}:p:@H:q:}",
                                                "T{<c:a:<i:b:(3,2)<f:m:}", "T{(2,3)=i:a:3s:b:?:c:Zf:d:@e:e:}"};
        int parsedCount = 0;
        for (int round = 0; round < 40000; ++round) {
            std::string format;
            if (round % 2) {
                format = seeds[random() % seeds.size()];
                for (int edits = 1 + int(random() % 4); edits > 0; --edits) {
                    const std::size_t at = random() % (format.size() + 1);
                    switch (random() % 3) {
                    case 0: format.insert(at, 1, alphabet[random() % alphabet.size()]); break;
                    case 1: if (at < format.size()) format.erase(at, 1); break;
                    default: if (at < format.size()) format[at] = alphabet[random() % alphabet.size()]; break;
                    }
                }
            } else {
                for (std::size_t length = random() % 24; length > 0; --length)
                    format += alphabet[random() % alphabet.size()];
            }
            (void)isStructFormat(format);
            try {
                const StructFormat parsed = parseStructFormat(format);
                ++parsedCount;
                QVERIFY(parsed.fields.size() < 100000);
                std::int64_t previousEnd = 0;
                for (const StructField& field : parsed.fields) {
                    QVERIFY2(field.offset >= previousEnd && field.itemSize >= 0 &&
                                 field.offset + field.itemSize <= parsed.itemSize,
                             format.c_str());
                    previousEnd = field.offset + field.itemSize;
                }
            } catch (const FormatError& error) {
                QVERIFY(std::string(error.what()).find("record format '") == 0);
            }
        }
        QVERIFY(parsedCount > 100);
    }
};

ARRAYLENS_TEST_MAIN(StructFormatTest)
#include "test_struct_format.moc"

// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_cell_codec_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_cell_codec_suite)
#include "test_cell_codec.moc"

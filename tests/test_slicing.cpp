// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_slicing_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_slicing_suite)
#include "test_slicing.moc"

// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_py_buffer_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_py_buffer_suite)
#include "test_py_buffer.moc"

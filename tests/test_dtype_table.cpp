// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_dtype_table_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_dtype_table_suite)
#include "test_dtype_table.moc"

// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_csv_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_csv_suite)
#include "test_csv.moc"

// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_oracle_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_oracle_suite)
#include "test_oracle.moc"

// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_script_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_script_suite)
#include "test_script.moc"

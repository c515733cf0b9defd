// SPDX-License-Identifier: MIT
// Being written in this session.
#include "test_support.h"

class test_command_line_suite : public QObject {
    Q_OBJECT
};

ARRAYLENS_TEST_MAIN(test_command_line_suite)
#include "test_command_line.moc"

#define BOOST_TEST_MODULE httpv2_wire
#include <boost/test/unit_test.hpp>

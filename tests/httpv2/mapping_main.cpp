#define BOOST_TEST_MODULE httpv2_mapping
#include <boost/test/unit_test.hpp>

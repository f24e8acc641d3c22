#define BOOST_TEST_MODULE httpv2_plugin_parts
#include <boost/test/unit_test.hpp>

// Must not compile: a plugin's include path is the SDK (include/passway)
// and nothing of core/, so the store, with its admin users, audit log and
// the token signing key, cannot even be named. Checked by the CTest test
// plugin_sdk_boundary_core_header (tests/plugin/CMakeLists.txt).
#include "passway/PluginApi.h"
#include "store/Store.h"

int reachTheUsers(passway::Store& store) { return static_cast<int>(store.users().list().size()); }

// Must not compile: PluginContext hands out narrow services only; there is
// no store() to reach users, the audit log or the key-value table the host
// keeps its token signing key in. Checked by plugin_sdk_boundary_context.
#include "passway/PluginApi.h"

void reachTheTokenKey(passway::PluginContext& context) { (void)context.store(); }

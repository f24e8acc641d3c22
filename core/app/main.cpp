#include "app/PasswayServer.h"

// POCO_SERVER_MAIN gives wmain + service dispatch on Windows and main on Unix.
POCO_SERVER_MAIN(passway::PasswayServer)

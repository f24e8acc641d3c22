#include "app/PasswayServer.h"

#include <iostream>

// POCO_SERVER_MAIN gives wmain + service dispatch on Windows and main on Unix.
POCO_SERVER_MAIN(passway::PasswayServer)

#pragma once

#include "http/TerminalRequest.h"
#include "passway/net/HttpResponse.h"
#include "service/Services.h"

namespace passway::henan {

// The document's interfaces, each answering an admitted request. Refusals
// are thrown as HenanError; the router answers them in the protocol's shape.
net::HttpResponse getServer(Services& s, const TerminalRequest& r);
net::HttpResponse uploadAttendance(Services& s, const TerminalRequest& r);

net::HttpResponse downloadPersonData(Services& s, const TerminalRequest& r);
net::HttpResponse deletePerson(Services& s, const TerminalRequest& r);
net::HttpResponse setAdmin(Services& s, const TerminalRequest& r);
net::HttpResponse uploadPerson(Services& s, const TerminalRequest& r);
net::HttpResponse registrationModel(Services& s, const TerminalRequest& r);

net::HttpResponse getDeviceInfo(Services& s, const TerminalRequest& r);
net::HttpResponse setTimeInfo(Services& s, const TerminalRequest& r);
net::HttpResponse reboot(Services& s, const TerminalRequest& r);
net::HttpResponse machineOperation(Services& s, const TerminalRequest& r);
net::HttpResponse callback(Services& s, const TerminalRequest& r);
net::HttpResponse createOperation(Services& s, const TerminalRequest& r);

// serverTime in the configured unit (server_time_unit).
std::string serverTime(const Services& s);

}  // namespace passway::henan

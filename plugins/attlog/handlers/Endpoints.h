#pragma once

#include "http/BridgeRequest.h"
#include "passway/net/HttpResponse.h"
#include "service/Services.h"

namespace passway::attlog {

// The five requests of the seed, each answering an admitted bridge request.
// Refusals are thrown as ProtocolError; the router turns them into the
// protocol's error shape.
net::HttpResponse newAttLog(Services& services, const BridgeRequest& request);
net::HttpResponse syncAttLog(Services& services, const BridgeRequest& request);
net::HttpResponse updateUserInfo(Services& services, const BridgeRequest& request);
net::HttpResponse getCommand(Services& services, const BridgeRequest& request);
net::HttpResponse commandErrorLog(Services& services, const BridgeRequest& request);

}  // namespace passway::attlog

#include "passway/model/Command.h"
#include "passway/model/Device.h"
#include "model/OutboxItem.h"

#include <stdexcept>

namespace passway {

const char* toString(DeviceState state) {
    switch (state) {
    case DeviceState::Pending: return "pending";
    case DeviceState::Active: return "active";
    case DeviceState::Disabled: return "disabled";
    }
    return "pending";
}

DeviceState deviceStateFromString(const std::string& name) {
    if (name == "pending") return DeviceState::Pending;
    if (name == "active") return DeviceState::Active;
    if (name == "disabled") return DeviceState::Disabled;
    throw std::invalid_argument("unknown device state: " + name);
}

const char* toString(CommandState state) {
    switch (state) {
    case CommandState::Queued: return "queued";
    case CommandState::Sent: return "sent";
    case CommandState::Done: return "done";
    case CommandState::Failed: return "failed";
    case CommandState::Expired: return "expired";
    case CommandState::Unknown: return "unknown";
    }
    return "queued";
}

CommandState commandStateFromString(const std::string& name) {
    if (name == "queued") return CommandState::Queued;
    if (name == "sent") return CommandState::Sent;
    if (name == "done") return CommandState::Done;
    if (name == "failed") return CommandState::Failed;
    if (name == "expired") return CommandState::Expired;
    if (name == "unknown") return CommandState::Unknown;
    throw std::invalid_argument("unknown command state: " + name);
}

const char* toString(OutboxState state) {
    switch (state) {
    case OutboxState::Pending: return "pending";
    case OutboxState::Delivered: return "delivered";
    case OutboxState::Dead: return "dead";
    }
    return "pending";
}

OutboxState outboxStateFromString(const std::string& name) {
    if (name == "pending") return OutboxState::Pending;
    if (name == "delivered") return OutboxState::Delivered;
    if (name == "dead") return OutboxState::Dead;
    throw std::invalid_argument("unknown outbox state: " + name);
}

} // namespace passway

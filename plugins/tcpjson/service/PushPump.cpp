#include "service/PushPump.h"

#include "mapping/AccessRecord.h"
#include "mapping/CommandRequest.h"
#include "mapping/DeviceMapping.h"
#include "mapping/PersonPayload.h"
#include "passway/Clock.h"
#include "passway/JsonText.h"
#include "service/ClockCheck.h"
#include "service/DeviceInfo.h"
#include "wire/Envelope.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/MD5Engine.h>

#include <chrono>
#include <sstream>

namespace passway::tcpjson {

namespace {

constexpr std::size_t kPersonCacheSize = 256;
constexpr const char* kRemovalUnsupported = "removal unsupported";

std::string removalUnsupportedKey(std::int64_t deviceId) {
    return "removal_unsupported." + std::to_string(deviceId);
}

std::string stringify(const Poco::JSON::Object::Ptr& o) { return json::text(o); }
Poco::JSON::Object::Ptr parseObject(const std::string& text) { return json::objectOr(text); }

// The terminal's answer as the command's result: code, message and whatever else it said.
std::string answerResult(const Answer& answer) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    result->set("code", answer.code);
    result->set("message", answer.message);
    if (answer.object) {
        for (const auto& name : answer.object->getNames()) {
            if (name != "mod" && name != "session_id" && name != "type" && name != "code" && name != "message") {
                result->set(name, answer.object->get(name));
            }
        }
    }
    return stringify(result);
}

std::string messageResult(const std::string& message) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object();
    result->set("message", message);
    return stringify(result);
}

// Every desired key already has that value in what the terminal reported.
bool satisfied(const Poco::JSON::Object::Ptr& desired, const Poco::JSON::Object::Ptr& reported) {
    for (const auto& name : desired->getNames()) {
        if (!reported->has(name) || reported->get(name).toString() != desired->get(name).toString()) return false;
    }
    return true;
}

} // namespace

PushPump::PushPump(PluginContext& context, const TcpjsonConfig& config, WorkQueue& workers, Requester& requests,
                   LedgerWriter& ledger, DeviceMappings& mappings)
    : context_(context), config_(config), workers_(workers), requests_(requests), ledger_(ledger), mappings_(mappings) {}

void PushPump::loadUnfinished() {
    std::size_t count = 0;
    for (const auto& command : context_.commands().unfinished()) {
        std::lock_guard lock(mutex_);
        resend_[command.deviceId].push_back(command);  // oldest first
        ++count;
    }
    if (count > 0) context_.logger().information(std::to_string(count) + " commands sent before the restart go out again");
}

void PushPump::kick(const std::shared_ptr<Terminal>& terminal) {
    workers_.post([this, terminal] { run(terminal); });
}

void PushPump::run(const std::shared_ptr<Terminal>& terminal) {
    const std::int64_t now = nowMillis();
    std::int64_t deviceId = 0;
    {
        std::lock_guard lock(terminal->mutex);
        if (!terminal->identified() || terminal->state != DeviceState::Active || terminal->replaced) return;
        if (terminal->pumpBusy) {
            terminal->pumpAgain = true;
            return;
        }
        if (now < terminal->pumpRetryAtMs) return;  // the tick kicks it when the delay is over
        terminal->pumpBusy = true;
        terminal->pumpAgain = false;
        deviceId = terminal->deviceId();
    }
    if (!terminal->connection->isOpen()) {
        std::lock_guard lock(terminal->mutex);
        terminal->pumpBusy = false;
        return;
    }
    bool sent = false;
    try {
        sent = sendNext(terminal, deviceId, now);
    } catch (const std::exception& e) {
        context_.logger().error("terminal " + terminal->who() + ": cannot push: " + e.what());
        stepDone(terminal, true);
        return;
    }
    if (sent) return;  // the answer's handler goes on
    bool again = false;
    {
        std::lock_guard lock(terminal->mutex);
        terminal->pumpBusy = false;
        again = terminal->pumpAgain;
        terminal->pumpAgain = false;
    }
    if (again) kick(terminal);
}

void PushPump::stepDone(const std::shared_ptr<Terminal>& terminal, bool retryLater) {
    {
        std::lock_guard lock(terminal->mutex);
        terminal->pumpBusy = false;
        terminal->pumpRetryAtMs = retryLater ? nowMillis() + config_.retryDelayMs : 0;
        terminal->pumpAgain = false;
    }
    if (!retryLater) kick(terminal);
}

bool PushPump::sendNext(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, std::int64_t nowMs) {
    return sendClock(terminal, nowMs) || sendSettings(terminal, deviceId) || sendCommand(terminal, deviceId, nowMs) ||
           sendPersonChange(terminal, deviceId, true) || sendPersonChange(terminal, deviceId, false);
}

bool PushPump::sendClock(const std::shared_ptr<Terminal>& terminal, std::int64_t nowMs) {
    {
        std::lock_guard lock(terminal->mutex);
        if (!terminal->clockPushPending) return false;
        terminal->clockPushPending = false;
        terminal->clockPushed = true;
    }
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    fields->set("time", AccessRecord::formatTime(nowMs, config_.utcOffsetMinutes));
    requests_.send(terminal, "set_device_time", fields, [this, terminal](const Answer& answer) {
        if (!answer.ok()) {
            context_.logger().warning("terminal " + terminal->who() + ": set_device_time: " + answer.describe());
        }
        stepDone(terminal, false);  // not retried: the next reading of its clock decides again
    });
    return true;
}

bool PushPump::sendSettings(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId) {
    const auto device = context_.devices().find(deviceId);
    if (!device) return false;
    // "mapping" is the plugin's (role and type codes), not the terminal's.
    const std::string desiredText = DeviceMapping::withoutMapping(device->desired);
    const auto desired = parseObject(desiredText);
    if (desired->size() == 0) return false;
    Poco::MD5Engine md5;
    md5.update(desiredText);
    const std::string digest = Poco::DigestEngine::digestToHex(md5.digest());
    {
        std::lock_guard lock(terminal->mutex);
        if (terminal->desiredDelivered == digest) return false;
        terminal->desiredDelivered = digest;  // once per connection and change, whatever the answer
    }
    if (satisfied(desired, parseObject(device->reported))) return false;
    Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    info->set("uuid", device->serial);
    for (const auto& name : desired->getNames()) info->set(name, desired->get(name));
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    fields->set("device_info", info);
    requests_.send(terminal, "set_device_info", fields, [this, terminal](const Answer& answer) {
        if (answer.ok()) {
            // Read back what the terminal now has; its answer updates the reported settings.
            requests_.send(terminal, "get_device_info", nullptr, [this, terminal](const Answer& info) {
                if (info.ok() && info.object && info.object->getObject("device_info")) {
                    saveDeviceInfo(context_, terminal->deviceId(), info.object->getObject("device_info"));
                }
                stepDone(terminal, false);
            });
            return;
        }
        context_.logger().warning("terminal " + terminal->who() + ": set_device_info: " + answer.describe());
        stepDone(terminal, answer.outcome != Answer::Outcome::Answered);
    });
    return true;
}

bool PushPump::sendCommand(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, std::int64_t nowMs) {
    std::optional<Command> command;
    {
        std::lock_guard lock(mutex_);
        auto found = resend_.find(deviceId);
        if (found != resend_.end() && !found->second.empty()) {
            command = found->second.front();
            found->second.pop_front();
            if (found->second.empty()) resend_.erase(found);
        }
    }
    if (!command) {
        for (const auto& queued : context_.commands().queued(deviceId, 1)) command = queued;
        if (!command) return false;
    }
    std::string why;
    const auto request = CommandRequest::of(*command, config_, nowMs, why);
    if (!request) {
        context_.logger().warning("terminal " + terminal->who() + ": command " + std::to_string(command->id) + " (" +
                                  command->kind + ") failed: " + why);
        finishCommand(*command, CommandState::Failed, messageResult(why));
        stepDone(terminal, false);  // a step of its own: the pump goes on with the next one
        return true;
    }
    if (command->state == CommandState::Queued) {
        // Not sent when the host refuses: its time to live ran out meanwhile
        // (it is expired now), or it was finished otherwise.
        if (!context_.commands().sent(command->id)) {
            stepDone(terminal, false);
            return true;
        }
        command->state = CommandState::Sent;
    }
    {
        std::lock_guard lock(mutex_);
        ++attempts_[command->id];
    }
    const Command sent = *command;
    const bool refresh = request->refreshInfo;
    requests_.send(terminal, request->mod, request->fields, [this, terminal, sent, refresh](const Answer& answer) {
        onCommandAnswer(terminal, sent, refresh, answer);
    });
    return true;
}

void PushPump::onCommandAnswer(const std::shared_ptr<Terminal>& terminal, const Command& command, bool refresh,
                               const Answer& answer) {
    if (answer.outcome == Answer::Outcome::Answered) {
        {
            std::lock_guard lock(mutex_);
            attempts_.erase(command.id);
        }
        const CommandState state = answer.code == 0 ? CommandState::Done : CommandState::Failed;
        finishCommand(command, state, answerResult(answer));
        if (answer.ok() && answer.object && answer.object->getObject("device_info")) {
            saveDeviceInfo(context_, terminal->deviceId(), answer.object->getObject("device_info"));
            ClockCheck::observeDeviceInfo(context_, config_, *terminal, answer.object->getObject("device_info"),
                                          nowMillis());  // a push it asks for comes after this step
        }
        if (answer.ok() && refresh) {
            requests_.send(terminal, "get_device_info", nullptr, [this, terminal](const Answer& info) {
                if (info.ok() && info.object && info.object->getObject("device_info")) {
                    saveDeviceInfo(context_, terminal->deviceId(), info.object->getObject("device_info"));
                }
                stepDone(terminal, false);
            });
            return;
        }
        stepDone(terminal, false);
        return;
    }
    if (!isIdempotentCommand(command.kind)) {
        // Sent once and not answered (the link dropped, or no answer in
        // time): the door may have opened, the terminal may be rebooting.
        // Sending it again could do it twice, minutes later; it ends unknown.
        {
            std::lock_guard lock(mutex_);
            attempts_.erase(command.id);
        }
        const std::string why = answer.describe() + "; it may or may not have run, and it is not sent again";
        context_.logger().warning("terminal " + terminal->who() + ": command " + std::to_string(command.id) + " (" +
                                  command.kind + ") unknown: " + why);
        finishCommand(command, CommandState::Unknown, messageResult(why));
        stepDone(terminal, false);
        return;
    }
    int attempts = 0;
    {
        std::lock_guard lock(mutex_);
        attempts = attempts_[command.id];
        if (attempts >= config_.commandAttempts) {
            attempts_.erase(command.id);
        } else {
            resend_[command.deviceId].push_front(command);
        }
    }
    if (attempts >= config_.commandAttempts) {
        const std::string why = answer.describe() + " after " + std::to_string(attempts) + " attempts";
        context_.logger().warning("terminal " + terminal->who() + ": command " + std::to_string(command.id) + " (" +
                                  command.kind + ") failed: " + why);
        finishCommand(command, CommandState::Failed, messageResult(why));
        stepDone(terminal, false);
        return;
    }
    context_.logger().information("terminal " + terminal->who() + ": command " + std::to_string(command.id) + " (" +
                                  command.kind + "): " + answer.describe() + ", attempt " + std::to_string(attempts) +
                                  " of " + std::to_string(config_.commandAttempts));
    stepDone(terminal, true);
}

void PushPump::finishCommand(const Command& command, CommandState state, const std::string& resultJson) {
    context_.commands().finish(command.id, state, resultJson);
}

bool PushPump::sendPersonChange(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, bool removals) {
    const auto tasks = context_.sync().next(deviceId, removals, 1);
    if (tasks.empty()) return false;
    const SyncTask task = tasks.front();
    if (removals && removalUnsupported(deviceId)) {
        // Asking again would only be refused again: parked until the person
        // is wanted there again (or an operator retries after a firmware update).
        context_.sync().fail(deviceId, task.userId, SyncFailureKind::Permanent, kGeneralError, kRemovalUnsupported);
        stepDone(terminal, false);
        return true;
    }
    if (removals) {
        requests_.send(terminal, "remove_person", PersonPayload::personId(task.userId),
                       [this, terminal, deviceId, task](const Answer& answer) {
                           onPersonAnswer(terminal, deviceId, task, answer, std::nullopt);
                       });
        return true;
    }
    const auto person = context_.persons().find(task.userId);
    if (!person) {
        // Removed meanwhile: the reconciler turns the entry into a removal.
        context_.sync().fail(deviceId, task.userId, SyncFailureKind::Permanent, kGeneralError,
                             "the person no longer exists");
        stepDone(terminal, false);
        return true;
    }
    const auto mapping = mappings_.of(deviceId);
    if (!mapping->roles.count(person->role)) {
        // Sent as 0 it would be an ordinary user: a blacklisted person let in.
        const std::string why = "the device's role mapping has no code for " + person->role;
        context_.logger().warning("terminal " + terminal->who() + ": person " + std::to_string(task.userId) +
                                  " not pushed: " + why);
        context_.sync().fail(deviceId, task.userId, SyncFailureKind::Permanent, kGeneralError, why);
        stepDone(terminal, false);
        return true;
    }
    sendPerson(terminal, deviceId, task, *person, config_.editWithUpdatePerson && task.held);
    return true;
}

bool PushPump::removalUnsupported(std::int64_t deviceId) {
    return context_.kv().get(removalUnsupportedKey(deviceId)).has_value();
}

void PushPump::markRemovalUnsupported(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId) {
    if (context_.kv().get(removalUnsupportedKey(deviceId))) return;
    context_.kv().set(removalUnsupportedKey(deviceId), "1");
    context_.logger().warning("terminal " + terminal->who() +
                              " does not know remove_person: persons are no longer removed from it remotely");
    Poco::JSON::Object::Ptr mark = new Poco::JSON::Object();
    mark->set("removalUnsupported", true);
    context_.devices().mergeReported(deviceId, stringify(mark));
    context_.devices().alarm(deviceId, terminal->uuid(),
                             DeviceAlarm{"removal_unsupported", "remove_person", kRemovalUnsupported, false});
}

void PushPump::sendPerson(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, const SyncTask& task,
                          const Person& person, bool update) {
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    fields->set("person_info", personFields(person, *mappings_.of(deviceId)));
    std::optional<Person> fallback;
    if (update) fallback = person;  // a terminal that no longer holds the person refuses the update
    requests_.send(terminal, update ? "update_person" : "download_person", fields,
                   [this, terminal, deviceId, task, fallback](const Answer& answer) {
                       onPersonAnswer(terminal, deviceId, task, answer, fallback);
                   });
}

void PushPump::onPersonAnswer(const std::shared_ptr<Terminal>& terminal, std::int64_t deviceId, const SyncTask& task,
                              const Answer& answer, const std::optional<Person>& retryAsDownload) {
    try {
        if (answer.outcome != Answer::Outcome::Answered) {
            context_.logger().information("terminal " + terminal->who() + ": person " + std::to_string(task.userId) +
                                          ": " + answer.describe() + "; tried again later");
            stepDone(terminal, true);
            return;
        }
        if (answer.code != 0 && retryAsDownload) {
            sendPerson(terminal, deviceId, task, *retryAsDownload, false);
            return;
        }
        if (answer.code == 0) {
            ledger_.confirm(SyncDone{deviceId, task.userId, task.ticket},
                            [this, terminal](bool stored) { stepDone(terminal, !stored); });
            return;
        } else if (task.removal && answer.code == kGeneralError) {
            // -1 to remove_person, an extension the document lacks: the
            // terminal does not know the mod.
            markRemovalUnsupported(terminal, deviceId);
            context_.sync().fail(deviceId, task.userId, SyncFailureKind::Permanent, answer.code, kRemovalUnsupported);
        } else {
            context_.logger().warning("terminal " + terminal->who() + " refused person " + std::to_string(task.userId) +
                                      ": " + answer.describe());
            // -3 (数据库异常) passes; -1, -2 and the rest refuse this state of the person.
            const auto kind = answer.code == kDatabaseError ? SyncFailureKind::Transient : SyncFailureKind::Permanent;
            context_.sync().fail(deviceId, task.userId, kind, answer.code,
                                 answer.message.empty() ? "refused by the terminal" : answer.message);
            if (kind == SyncFailureKind::Transient) {
                // Woken by the tick when the back-off is over, not by the next full pass.
                const auto due = context_.sync().nextRetryAt(deviceId);
                std::lock_guard lock(terminal->mutex);
                terminal->syncDueAtMs = due.value_or(0);
            }
        }
        stepDone(terminal, false);
    } catch (const std::exception& e) {
        context_.logger().error("terminal " + terminal->who() + ": person " + std::to_string(task.userId) + ": " +
                                e.what());
        stepDone(terminal, true);
    }
}

Poco::JSON::Object::Ptr PushPump::personFields(const Person& person, const TcpjsonConfig& mapping) {
    const auto role = mapping.roles.find(person.role);
    const auto key = std::make_tuple(person.userId, person.version, role == mapping.roles.end() ? 0 : role->second);
    {
        std::lock_guard lock(mutex_);
        const auto found = personCache_.find(key);
        if (found != personCache_.end()) return found->second;
    }
    auto& blobs = context_.blobs();
    auto info = PersonPayload::personInfo(person, mapping, [&blobs](const std::string& sha256) {
        return blobs.get(sha256);
    });
    std::lock_guard lock(mutex_);
    if (personCache_.size() >= kPersonCacheSize) personCache_.erase(personCache_.begin());
    personCache_[key] = info;
    return info;
}

} // namespace passway::tcpjson
